fn main() {
    let config = slint_build::CompilerConfiguration::new()
        .with_style("fluent".into())
        .with_bundled_translations("ui/translations")
        // Lets UI tests find elements by accessible label (Slint's testing backend needs it).
        .with_debug_info(true);
    slint_build::compile_with_config("ui/app.slint", config).expect("Slint UI should compile");
}
