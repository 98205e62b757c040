//! A second throwaway PostgreSQL cluster that speaks only TLS, as a team's server does: a CA
//! and a server certificate (`DNS:localhost`, `IP:127.0.0.1`) that this module makes with the
//! `openssl` command, `ssl = on`, and a pg_hba.conf whose only TCP line is `hostssl ...
//! scram-sha-256`, so a connection without TLS or without the password is refused. It listens
//! on 127.0.0.1 and 127.0.0.2 (the second is a name the certificate does not carry).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use super::pg::{create_database_as, free_port, Cluster};

pub struct TlsServer {
    pub port: u16,
    /// The test CA's certificate (PEM): the "company CA file".
    pub ca_file: PathBuf,
    /// The login role every story signs in as, and its password.
    pub user: &'static str,
    pub password: &'static str,
    cluster: Cluster,
}

/// The process's TLS server, started on first use.
pub fn tls_server() -> &'static TlsServer {
    static SERVER: OnceLock<TlsServer> = OnceLock::new();
    SERVER.get_or_init(TlsServer::start)
}

impl TlsServer {
    /// A new empty UTF-8 database owned by the login role; its URL (no password, no options)
    /// with `host` as the server's name.
    pub fn new_database(&self, host: &str) -> (String, String) {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let name = format!(
            "sb_tls_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        create_database_as(
            &self.cluster.socket_url(self.port, "postgres"),
            &name,
            self.user,
        );
        (name.clone(), self.url(host, &name, ""))
    }

    /// A new empty UTF-8 database owned by a new login `owner` (password `password`) that may
    /// create roles, as a team's database is before `sb team init`: its name.
    pub fn new_team_database(&self, owner: &str, password: &str) -> String {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let name = format!(
            "sb_team_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let socket = self.cluster.socket_url(self.port, "postgres");
        super::pg::execute(
            &socket,
            &format!("CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{password}'"),
        );
        create_database_as(&socket, &name, owner);
        name
    }

    /// Runs `sql` as the server's superuser in `database` (what a test may do behind the
    /// product's back: simulate an older or newer schema).
    pub fn as_superuser(&self, database: &str, sql: &str) {
        super::pg::execute(&self.cluster.socket_url(self.port, database), sql);
    }

    /// `postgres://login:password@127.0.0.1:port/database` verified with the test CA: for
    /// plain SQL as one member, the way a person could go around the app.
    pub fn plain_url(&self, login: &str, password: &str, database: &str) -> String {
        format!(
            "postgres://{login}:{}@127.0.0.1:{}/{database}?sslmode=verify-full&sslrootcert={}",
            url_encode(password),
            self.port,
            self.ca_file.display()
        )
    }

    /// `postgres://user@host:port/database` followed by `query` (`?sslmode=...`).
    pub fn url(&self, host: &str, database: &str, query: &str) -> String {
        format!(
            "postgres://{}@{host}:{}/{database}{query}",
            self.user, self.port
        )
    }

    fn start() -> TlsServer {
        let cluster = Cluster::init("trust");
        let tls = cluster.root.join("tls");
        std::fs::create_dir_all(&tls).expect("create the TLS folder");
        make_certificates(&tls);
        for (from, to) in [("server.crt", "server.crt"), ("server.key", "server.key")] {
            let target = cluster.data.join(to);
            std::fs::copy(tls.join(from), &target).expect("copy the server certificate");
            cluster.own_privately(&target);
        }
        append(
            &cluster.data.join("postgresql.conf"),
            "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n\
             password_encryption = 'scram-sha-256'\n",
        );
        // The superuser only through the Unix socket; over TCP, TLS and a password or nothing.
        // Loopback only: tests never reach past this computer.
        let hba = "local all all trust\nhostssl all all 127.0.0.0/8 scram-sha-256\n";
        let listen = "127.0.0.1,127.0.0.2";
        std::fs::write(cluster.data.join("pg_hba.conf"), hba).expect("write pg_hba.conf");
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            match cluster.start_on(port, &format!("-h {listen}")) {
                Ok(()) => {
                    let server = TlsServer {
                        port,
                        ca_file: tls.join("ca.pem"),
                        user: "desk",
                        password: "Tls-story-pw 1",
                        cluster,
                    };
                    super::pg::execute(
                        &server.cluster.socket_url(port, "postgres"),
                        &format!(
                            "CREATE ROLE {} LOGIN PASSWORD '{}'",
                            server.user, server.password
                        ),
                    );
                    return server;
                }
                Err(e) => last_error = e,
            }
        }
        panic!("cannot start the TLS test cluster: {last_error}");
    }
}

/// The CA (self-signed, CA:TRUE) and the server's key and certificate signed by it.
fn make_certificates(dir: &Path) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Switchboard test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("write the certificate extensions");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn append(file: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .expect("open postgresql.conf");
    f.write_all(text.as_bytes())
        .expect("append to postgresql.conf");
}
