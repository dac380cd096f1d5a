use clap::Parser;

fn main() -> anyhow::Result<()> {
    mekong::started();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    mekong::install_panic_hook();
    mekong::cli::run(mekong::cli::Cli::parse())
}
