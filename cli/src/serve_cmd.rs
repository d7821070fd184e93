//! `floe serve`: the optional sync server (the `floe-server` crate).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::Outcome;

/// `floe serve`'s options.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Where to listen; 0.0.0.0:8080 serves a classroom on the LAN.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Where the SQLite database lives.
    #[arg(long, default_value = "floe-data")]
    data: PathBuf,
    /// A PostgreSQL URL (postgres://user@host:port/db) instead of SQLite.
    #[arg(long)]
    database: Option<String>,
    /// The built app to serve (default: ./dist when it exists).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Another origin whose pages may call the API (repeatable).
    #[arg(long = "allow-origin")]
    origins: Vec<String>,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = floe_server::Limits::default().max_body)]
    max_body: usize,
    /// API requests per client address per minute.
    #[arg(long, default_value_t = floe_server::Limits::default().requests_per_minute)]
    requests_per_minute: u32,
    /// The most a synced space may hold in all, in bytes.
    #[arg(long, default_value_t = floe_server::Limits::default().max_space)]
    max_space: u64,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn serve(args: ServeArgs) -> anyhow::Result<Outcome> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FLOE_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let dist = match args.dist {
        Some(d) if !d.join("index.html").is_file() => anyhow::bail!("{} holds no built app (index.html)", d.display()),
        Some(d) => Some(d),
        None => Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()),
    };
    let limits = floe_server::Limits {
        max_body: args.max_body,
        requests_per_minute: args.requests_per_minute,
        max_space: args.max_space,
    };
    let config = floe_server::Config {
        listen: args.listen,
        data: args.data,
        database: args.database,
        dist: dist.clone(),
        origins: args.origins,
        limits: limits.clone(),
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(floe_server::serve(config, |s| {
        println!("Floe server listening on http://{}", s.addr);
        println!("  database: {}", s.database);
        println!(
            "  limits: bodies up to {} bytes, {} API requests per client per minute, {} bytes per space",
            limits.max_body, limits.requests_per_minute, limits.max_space
        );
        match &dist {
            Some(d) => println!("  app: {}", d.display()),
            None => println!("  app: not served (no dist/ here; the API only)"),
        }
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
    }))?;
    Ok(Outcome::Ok)
}
