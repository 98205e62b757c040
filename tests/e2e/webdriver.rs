//! A small W3C WebDriver client: just what the end-to-end tests use (sessions, elements,
//! clicks, keys, text, script, screenshots), over plain HTTP to tauri-driver on loopback.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

#[derive(Debug)]
pub struct Session {
    base: String,
    agent: ureq::Agent,
}

#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Opens the app through tauri-driver at `driver` (e.g. http://127.0.0.1:4444).
    pub fn start(driver: &str, application: &str) -> Session {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": application}
        }}});
        let deadline = Instant::now() + Duration::from_secs(60);
        let reply = loop {
            match agent
                .post(&format!("{driver}/session"))
                .send_json(caps.clone())
            {
                Ok(r) => break r.into_json::<Value>().expect("session reply"),
                Err(e) if Instant::now() < deadline => {
                    eprintln!("webdriver: waiting for the driver ({e})");
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => panic!("cannot open a WebDriver session: {}", describe(e)),
            }
        };
        let id = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {reply}"))
            .to_string();
        Session {
            base: format!("{driver}/session/{id}"),
            agent,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let req = self.agent.request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => r.into_json::<Value>().expect("json reply")["value"].clone(),
            Err(e) => panic!("webdriver {method} {path}: {}", describe(e)),
        }
    }

    fn try_call(&self, method: &str, path: &str, body: Value) -> Option<Value> {
        let url = format!("{}{}", self.base, path);
        match self.agent.request(method, &url).send_json(body) {
            Ok(r) => Some(r.into_json::<Value>().ok()?["value"].clone()),
            Err(_) => None,
        }
    }

    /// Waits up to 15 s for an element matching the CSS selector.
    pub fn find(&self, css: &str) -> Element {
        self.wait_for(css, Duration::from_secs(15))
            .unwrap_or_else(|| {
                self.failure_screenshot("failure-missing-element");
                panic!("no element matches {css} after 15 s")
            })
    }

    pub fn wait_for(&self, css: &str, timeout: Duration) -> Option<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self.try_call(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            );
            if let Some(id) = found.as_ref().and_then(|v| v[ELEMENT_KEY].as_str()) {
                return Some(Element(id.to_string()));
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to 15 s until nothing matches the CSS selector.
    pub fn wait_gone(&self, css: &str) {
        self.poll(&format!("{css} to go away"), |s| {
            (s.wait_for(css, Duration::from_millis(1)).is_none()).then_some(())
        });
    }

    /// The `data-testid` of the focused element.
    pub fn focused(&self) -> Option<String> {
        self.script(
            "return document.activeElement && document.activeElement.getAttribute('data-testid');",
            json!([]),
        )
        .as_str()
        .map(String::from)
    }

    /// `find` by `data-testid`.
    pub fn by_id(&self, testid: &str) -> Element {
        self.find(&format!("[data-testid=\"{testid}\"]"))
    }

    pub fn count(&self, css: &str) -> usize {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .map_or(0, Vec::len)
    }

    /// Clicks where the element is once it has stopped moving: a view loaded on demand fills
    /// in as its data comes, and a click aimed while the page still shifts lands elsewhere.
    pub fn click(&self, e: &Element) {
        let rect = |s: &Session| s.call("GET", &format!("/element/{}/rect", e.0), None);
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut last = rect(self);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(120));
            let now = rect(self);
            if now == last {
                break;
            }
            last = now;
        }
        self.call("POST", &format!("/element/{}/click", e.0), Some(json!({})));
    }

    pub fn click_id(&self, testid: &str) {
        let e = self.by_id(testid);
        self.click(&e);
    }

    pub fn type_into(&self, testid: &str, text: &str) {
        let e = self.by_id(testid);
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            Some(json!({"text": text})),
        );
    }

    /// Keys to whatever has focus (e.g. "\u{E00C}" for Escape).
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        self.call("DELETE", "/actions", None);
    }

    /// Keys pressed together (e.g. Control, Shift and "P"), then released in reverse order.
    pub fn chord(&self, keys: &[&str]) {
        let mut actions: Vec<Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        actions.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        self.call("DELETE", "/actions", None);
    }

    /// The window's place and size: {x, y, width, height}.
    pub fn window_rect(&self) -> Value {
        self.call("GET", "/window/rect", None)
    }

    /// Moves and resizes the window; `None` when the driver cannot.
    pub fn set_window_rect(&self, rect: Value) -> Option<Value> {
        self.try_call("POST", "/window/rect", rect)
    }

    /// Chooses an option of a <select> the way a person does, so React sees the change.
    pub fn select(&self, testid: &str, value: &str) {
        let e = self.by_id(testid);
        // A controlled select may show the old value until the app's state catches up, so
        // this checks only that the option exists; the caller checks the effect.
        let script = "const el = arguments[0]; \
            if (![...el.options].some(o => o.value === arguments[1])) return false; \
            const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set; \
            set.call(el, arguments[1]); el.dispatchEvent(new Event('change', {bubbles: true})); \
            return true;";
        let offered = self.script(script, json!([{ELEMENT_KEY: e.0}, value]));
        assert_eq!(offered, json!(true), "{testid} offers no option {value}");
    }

    /// Empties a text field the way React notices (native setter, then an input event).
    pub fn clear(&self, testid: &str) {
        let e = self.by_id(testid);
        let script = "const el = arguments[0]; \
            const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype; \
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, ''); \
            el.dispatchEvent(new Event('input', {bubbles: true}));";
        self.script(script, json!([{ELEMENT_KEY: e.0}]));
    }

    /// The element's text content. (WebKit's rendered-text answer leaves out cells cut with
    /// an ellipsis, which a person still reads in full on hover.)
    pub fn text(&self, e: &Element) -> String {
        self.script(
            "return arguments[0].textContent;",
            json!([{ELEMENT_KEY: e.0}]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn text_of(&self, testid: &str) -> String {
        let e = self.by_id(testid);
        self.text(&e)
    }

    pub fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None)
            .as_str()
            .map(String::from)
    }

    /// Waits up to 15 s until the element's text contains `needle`.
    pub fn wait_text(&self, testid: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self
                .wait_for(
                    &format!("[data-testid=\"{testid}\"]"),
                    Duration::from_secs(1),
                )
                .map(|e| self.text(&e))
                .unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
            if Instant::now() > deadline {
                self.failure_screenshot("failure-text");
                panic!("{testid} says {text:?}, not {needle:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Polls `probe` for up to 15 s until it gives a value.
    pub fn poll<T>(&self, what: &str, probe: impl Fn(&Session) -> Option<T>) -> T {
        self.poll_for(what, Duration::from_secs(15), probe)
    }

    /// [`Session::poll`] with its own patience (a cold start on a million tickets).
    pub fn poll_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        probe: impl Fn(&Session) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = probe(self) {
                return v;
            }
            if Instant::now() > deadline {
                self.failure_screenshot("failure-poll");
                panic!("gave up waiting: {what}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Saves a PNG of the screen (the X display the app runs on) to the artifacts folder.
    ///
    /// Taken from the X server, not through WebDriver: WebKitWebDriver's screenshot hangs on a
    /// page with a virtualized scroller, and the X picture also shows native parts (selects).
    pub fn screenshot(&self, name: &str) -> std::path::PathBuf {
        let path = self.artifact(name);
        // Let the last change paint first.
        std::thread::sleep(Duration::from_millis(300));
        let status = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(format!("png:{}", path.display()))
            .status()
            .expect("run ImageMagick's import (make test installs imagemagick)");
        assert!(status.success(), "screenshot {name} failed");
        path
    }

    /// Best effort, on the way to a panic.
    fn failure_screenshot(&self, name: &str) {
        let _ = std::process::Command::new("import")
            .args([
                "-window",
                "root",
                &format!("png:{}", self.artifact(name).display()),
            ])
            .status();
    }

    fn artifact(&self, name: &str) -> std::path::PathBuf {
        let dir = std::env::var_os("SB_E2E_ARTIFACTS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("sb-e2e"));
        let _ = std::fs::create_dir_all(&dir);
        dir.join(format!("{name}.png"))
    }

    /// Ends the session: tauri-driver closes the app.
    pub fn quit(self) {
        let _ = self.agent.delete(&self.base).call();
    }
}

fn describe(e: ureq::Error) -> String {
    match e {
        ureq::Error::Status(code, r) => format!("{code} {}", r.into_string().unwrap_or_default()),
        other => other.to_string(),
    }
}
