//! `uniffi-bindgen`, built from the workspace's exact uniffi version so the generated
//! Kotlin and Swift always match the scaffolding compiled into `warmline_ffi`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
