//! A throwaway PostgreSQL cluster on 127.0.0.1 for one test or benchmark: initdb in a
//! temp dir, started, and stopped and removed when dropped. Never a
//! server that happens to be running. PostgreSQL refuses to run as root,
//! so as root the cluster runs as the `postgres` user (scripts/setup
//! installs Debian's postgresql; it is not started there).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running cluster.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_root: bool,
    port: u16,
}

fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    found.sort();
    found.pop().expect("PostgreSQL's initdb under /usr/lib/postgresql/*/bin (scripts/setup installs it)")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

impl Cluster {
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(program);
        let out = if self.as_root {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&exe).args(args).output()
        } else {
            Command::new(&exe).args(args).output()
        }
        .unwrap_or_else(|e| panic!("{} runs: {e}", exe.display()));
        assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// Starts a fresh cluster (a few seconds).
    pub fn start(name: &str) -> Cluster {
        let dir = std::env::temp_dir().join(format!("floe-pg-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let as_root = is_root();
        if as_root {
            let ok = Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().is_ok_and(|s| s.success());
            assert!(ok, "chown the cluster's dir to postgres");
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let c = Cluster { dir, bin: bin_dir(), as_root, port };
        let db = c.dir.join("db");
        c.run("initdb", &["-D", s(&db), "-A", "trust", "-U", "floe", "--no-sync"]);
        let opts = format!("-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off", c.dir.display());
        c.run("pg_ctl", &["-D", s(&db), "-o", &opts, "-l", s(&c.dir.join("log")), "-w", "start"]);
        c
    }

    /// Makes an empty database and gives its URL.
    pub fn database(&self, name: &str) -> String {
        let out = Command::new("psql")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "floe", "-d", "postgres", "-c"])
            .arg(format!("CREATE DATABASE {name}"))
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "create database: {}", String::from_utf8_lossy(&out.stderr));
        format!("postgres://floe@127.0.0.1:{}/{name}", self.port)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("temp paths are text")
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let db = self.dir.join("db");
        let exe = self.bin.join("pg_ctl");
        let args = ["-D", s(&db), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_root {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&exe).args(args).output()
        } else {
            Command::new(&exe).args(args).output()
        };
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
