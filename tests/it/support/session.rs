//! A browser's session with the bot, for tests: the cookie the bot sets (it binds a link to
//! the browser confirming it), and the confirmation page's Link and Cancel buttons.
//!
//! [`Session::get`] acts as a member who presses Link on the confirmation page;
//! [`Session::open`] stops at whatever page the bot answered.

use std::sync::Mutex;

use resonite_verify::web::confirm::{cookie_pair, form_token};

/// What the bot answered: status, `Location`, body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Answer {
    /// The confirmation form's token, when this is the confirmation page.
    pub fn confirm_token(&self) -> Option<String> {
        (self.status == 200)
            .then(|| form_token(&self.body))
            .flatten()
    }
}

pub struct Session {
    pub http: reqwest::Client,
    pub base_url: String,
    /// The `name=value` the bot last set, sent back with every request.
    cookie: Mutex<Option<String>>,
}

impl Session {
    pub fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            base_url: base_url.to_owned(),
            cookie: Mutex::new(None),
        }
    }

    fn url(&self, url: &str) -> String {
        if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{url}", self.base_url)
        }
    }

    /// The cookie this browser holds (`name=value`).
    pub fn cookie(&self) -> Option<String> {
        self.cookie.lock().expect("jar").clone()
    }

    /// Replaces the cookie this browser holds (another browser's, a made-up one, none).
    pub fn set_cookie(&self, cookie: Option<String>) {
        *self.cookie.lock().expect("jar") = cookie;
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let request = match self.cookie() {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        };
        let response = request.send().await.expect("the bot answers");
        if let Some(set) = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
        {
            self.set_cookie(Some(cookie_pair(set).to_owned()));
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.expect("a body");
        Answer {
            status,
            location,
            body,
        }
    }

    /// GET, stopping at the page the bot answered (the confirmation page, a redirect…).
    pub async fn open(&self, url: &str) -> Answer {
        self.open_with(url, &[]).await
    }

    /// [`Session::open`] with extra request headers (e.g. `accept-language`).
    pub async fn open_with(&self, url: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.http.get(self.url(url));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request).await
    }

    /// Presses `action` (`link` or `cancel`) on a confirmation page with `token`.
    pub async fn press(&self, token: &str, action: &str) -> Answer {
        self.press_with(token, action, &[]).await
    }

    /// [`Session::press`] with extra request headers.
    pub async fn press_with(&self, token: &str, action: &str, headers: &[(&str, &str)]) -> Answer {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .append_pair("action", action)
            .finish();
        let mut request = self
            .http
            .post(self.url("/oauth/confirm"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request).await
    }

    /// GET as a member who presses Link when the bot asks to confirm: the result page of
    /// the link (or whatever page the bot answered instead).
    pub async fn get(&self, url: &str) -> (u16, String) {
        self.get_with(url, &[]).await
    }

    /// [`Session::get`] with extra request headers, sent with both requests.
    pub async fn get_with(&self, url: &str, headers: &[(&str, &str)]) -> (u16, String) {
        let page = self.open_with(url, headers).await;
        let Some(token) = page.confirm_token() else {
            return (page.status, page.body);
        };
        let done = self.press_with(&token, "link", headers).await;
        (done.status, done.body)
    }
}
