// Warmline for Android. Open this folder in Android Studio.
//
// `kit` is pure Kotlin over the generated uniffi bindings (no android.* imports), so its
// tests run on a plain JVM; `cargo xtask test` runs them on Linux without Gradle.
// `app` is the Compose app over the kit (docs/android.md).
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
include(":app")
