// The kit: a pure-Kotlin layer over the uniffi-generated bindings.
//
// The bindings are a build output: `cargo xtask bindings` writes them to
// target/bindings/kotlin and the host library to target/debug. Nothing generated is committed.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

val repoRoot = rootDir.parentFile
val generatedBindings = repoRoot.resolve("target/bindings/kotlin")
val hostLibraryDir = repoRoot.resolve("target/debug")

val generateBindings by tasks.registering(Exec::class) {
    description = "Builds warmline_ffi for the host and generates its Kotlin bindings."
    workingDir = repoRoot
    commandLine("cargo", "xtask", "bindings")
    outputs.dir(generatedBindings)
}

kotlin {
    jvmToolchain(17)
    sourceSets["main"].kotlin.srcDir(generatedBindings)
}

tasks.named("compileKotlin") { dependsOn(generateBindings) }

dependencies {
    implementation(libs.kotlinx.coroutines.core)
    implementation(libs.jna)
    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testImplementation(libs.kotlin.test.junit5)
    testRuntimeOnly(libs.junit.platform.launcher)
}

tasks.test {
    useJUnitPlatform()
    systemProperty("jna.library.path", hostLibraryDir.absolutePath)
    systemProperty("warmline.scenarios", repoRoot.resolve("tests/scenarios").absolutePath)
    systemProperty("warmline.server", repoRoot.resolve("target/debug/warmline-server").absolutePath)
}
