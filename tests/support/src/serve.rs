//! A real `floe serve` process for tests and benchmarks: started on
//! 127.0.0.1 with a data directory of its own, killed when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `floe serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// Its data directory, when the server owns it.
    _data: Option<DataDir>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// What it printed on starting.
    pub banner: String,
}

/// A fresh data directory, removed when dropped.
pub struct DataDir(PathBuf);

impl std::ops::Deref for DataDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh data directory.
pub fn data_dir(name: &str) -> DataDir {
    let dir = std::env::temp_dir().join(format!("floe-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    DataDir(dir)
}

impl Server {
    /// Starts `FLOE serve --listen 127.0.0.1:0 --data DATA EXTRA…` and waits
    /// (at most 20 s) for it to say where it listens.
    pub fn start<S: AsRef<std::ffi::OsStr>>(floe: &Path, data: &Path, extra: &[S]) -> Server {
        // It runs in `data`: a relative path to the binary would not hold there.
        let floe = std::path::absolute(floe).expect("the binary's path");
        let mut child = Command::new(floe)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .current_dir(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("floe serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let mut banner = String::new();
            for line in lines.by_ref().map_while(Result::ok).take(4) {
                banner.push_str(&line);
                banner.push('\n');
            }
            let _ = tx.send(banner);
            for _ in lines {}
        });
        let banner = rx.recv_timeout(Duration::from_secs(20)).expect("floe serve says where it listens within 20 s");
        let url = banner
            .lines()
            .find_map(|l| l.strip_prefix("Floe server listening on "))
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_owned();
        Server { child, _data: None, url, banner }
    }

    /// The server removes `data` when it stops.
    pub fn owning(mut self, data: DataDir) -> Server {
        self._data = Some(data);
        self
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Sends raw bytes and returns the raw answer (for what no client sends).
    pub fn raw(&self, request: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr()).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
