// Warmline for Android. Open this folder in Android Studio.
//
// `kit` is pure Kotlin over the generated uniffi bindings (no android.* imports), so its
// tests run on a plain JVM; `cargo xtask test` runs them on Linux without Gradle.
// The Compose `app` module joins when its issue lands.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "warmline"
include(":kit")
