//! Dashboard latency under load: `lert demo --cases N` (default 100,000) into a fresh SQLite data
//! dir, `lert serve`, then 8 clients, each signed in as its own user through the sign-in form,
//! loading Today and a filtered case list in turn for a fixed time. Prints p50/p90/p99/max per
//! page. `cargo bench --bench dashboard -- [--cases N] [--seconds S] [--clients C]`;
//! docs/PERFORMANCE.md.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LERT: &str = env!("CARGO_BIN_EXE_lert");
const PASSWORD: &str = "a long enough bench password";
const PAGES: [(&str, &str); 3] = [
    ("today", "/"),
    ("cases_status_kind", "/cases?status=in_review&kind=criminal_subpoena"),
    ("cases_search", "/cases?q=Seattle&status=received"),
];

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs lert with the bench's environment; panics with its output if it fails.
fn lert(data: &std::path::Path, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(LERT)
        .args(args)
        .env("LERT_DATA_DIR", data)
        .env("LERT_LOG_LEVEL", "warn")
        .env_remove("LERT_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lert runs");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "lert {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn csrf_in(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[start..].split('"').next().unwrap().to_owned()
}

fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

/// Signs in through the form as a browser does; returns the session cookie pair.
async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> String {
    let form = client.get(format!("{base}/signin")).send().await.unwrap();
    let form_cookie = cookie(&form, "lert_signin");
    let csrf = csrf_in(&form.text().await.unwrap());
    let done = client
        .post(format!("{base}/signin"))
        .header("Cookie", form_cookie)
        .form(&[("email", email), ("password", PASSWORD), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303, "sign-in as {email}");
    cookie(&done, "lert_session")
}

/// One client: loads the pages in turn until `until`, recording each latency by page.
async fn client(base: String, email: String, warm_up: Instant, until: Instant) -> Vec<Vec<Duration>> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let session = sign_in(&client, &base, &email).await;
    let mut latencies = vec![Vec::new(); PAGES.len()];
    let mut turn = 0;
    while Instant::now() < until {
        let (name, path) = PAGES[turn % PAGES.len()];
        let started = Instant::now();
        let response = client.get(format!("{base}{path}")).header("Cookie", &session).send().await.unwrap();
        assert_eq!(response.status(), 200, "{name}");
        let body = response.bytes().await.unwrap();
        let took = started.elapsed();
        assert!(body.len() > 1000, "{name} rendered a page");
        if started >= warm_up {
            latencies[turn % PAGES.len()].push(took);
        }
        turn += 1;
    }
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases = arg(&args, "--cases", 100_000);
    let seconds = arg(&args, "--seconds", 30);
    let clients = arg(&args, "--clients", 8);
    let port = arg(&args, "--port", 18182);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let started = Instant::now();
    lert(&data, &["demo", "--cases", &cases.to_string()], None);
    println!("seeded {cases} demo cases in {:.1} s", started.elapsed().as_secs_f64());
    let emails: Vec<String> = (0..clients).map(|i| format!("bench{i}@lert.test")).collect();
    for email in &emails {
        lert(&data, &["user", "add", email, "--role", "analyst", "--password-stdin"], Some(PASSWORD));
    }

    // The first tick over freshly seeded cases does a day's work for all of them (about 45 s
    // of one core for 100,000); run it here so the server's own first tick finds it done.
    let started = Instant::now();
    lert(&data, &["tick"], None);
    println!("first tick in {:.1} s", started.elapsed().as_secs_f64());
    let base = format!("http://127.0.0.1:{port}");
    // Kept for a look when something fails: the bench stops and the log's warnings are printed.
    let server_log = dir.path().join("serve.log");
    let _server = Server(
        Command::new(LERT)
            .arg("serve")
            .env("LERT_DATA_DIR", &data)
            .env("LERT_LOG_LEVEL", "warn")
            .env("LERT_BIND", format!("127.0.0.1:{port}"))
            .env_remove("LERT_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&server_log).unwrap())
            .spawn()
            .expect("lert serve runs"),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let log = server_log.clone();
    std::panic::set_hook(Box::new(move |info| {
        let warnings = std::fs::read_to_string(&log).unwrap_or_default();
        eprintln!("{info}\nlert serve's log:\n{warnings}");
    }));
    runtime.block_on(async {
        let probe = reqwest::Client::new();
        for _ in 0..200 {
            if probe.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let warm_up = Instant::now() + Duration::from_secs(3);
        let until = warm_up + Duration::from_secs(seconds);
        let tasks: Vec<_> = emails
            .iter()
            .map(|email| tokio::spawn(client(base.clone(), email.clone(), warm_up, until)))
            .collect();
        let mut all = vec![Vec::new(); PAGES.len()];
        for task in tasks {
            for (page, latencies) in task.await.unwrap().into_iter().enumerate() {
                all[page].extend(latencies);
            }
        }
        println!(
            "{clients} signed-in clients, {seconds} s after a 3 s warm-up, {} cores",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        println!(
            "{:<20} {:>8} {:>8} {:>8} {:>8} {:>8}",
            "page", "loads", "p50 ms", "p90 ms", "p99 ms", "max ms"
        );
        for ((name, _), mut latencies) in PAGES.iter().zip(all) {
            latencies.sort();
            println!(
                "{name:<20} {:>8} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
                latencies.len(),
                percentile(&latencies, 0.50),
                percentile(&latencies, 0.90),
                percentile(&latencies, 0.99),
                percentile(&latencies, 1.0),
            );
        }
    });
}
