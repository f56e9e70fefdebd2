//! The panel as a guest of a hosting control panel: `panel.json` read once at start, and the
//! postMessage protocol with the page that frames it (README, "Embedding the panel").

use crate::i18n::{fill, t};
use crate::logic::host::{read_message, HostCommand, HostConfig, Ignored, Posted};
use crate::session::{now_ms, Link, Session};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long `panel.json` may take before the panel starts without it.
const CONFIG_WAIT_MS: u32 = 5000;

#[derive(Clone)]
pub struct Host {
    pub config: Arc<HostConfig>,
    /// Why `panel.json` was not used; empty when it was, or when there is none.
    pub errors: Arc<Vec<String>>,
    /// Messages ignored so far, and the last reason.
    pub ignored: RwSignal<(u32, String)>,
    /// The name the host gave the server it connected.
    pub server_name: RwSignal<Option<String>>,
}

impl Host {
    /// Reads `panel.json` from beside `index.html`. Absent (404, or a host's single-page
    /// fallback answering with HTML) is today's panel; anything else wrong is reported.
    pub async fn load() -> Host {
        let (config, errors) = match fetch_config().await {
            Ok(None) => (HostConfig::default(), Vec::new()),
            Ok(Some(text)) => match crate::json::parse(&text)
                .map_err(|e| vec![fill(t().host_config_json, &[&e])])
                .and_then(|v| HostConfig::from_value(&v))
            {
                Ok(c) => (c, Vec::new()),
                Err(errors) => (HostConfig::default(), errors),
            },
            Err(e) => (HostConfig::default(), vec![e]),
        };
        Host::new(config, errors)
    }

    pub fn new(config: HostConfig, errors: Vec<String>) -> Host {
        Host {
            config: Arc::new(config),
            errors: Arc::new(errors),
            ignored: RwSignal::new((0, String::new())),
            server_name: RwSignal::new(None),
        }
    }

    /// Takes orders from the framing page (only from `parentOrigins`) and tells it, by exact
    /// origin, when the panel is ready and how the link is.
    pub fn listen(&self, session: Session) {
        if self.config.parent_origins.is_empty() {
            return;
        }
        let host = self.clone();
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let posted = read_fields(&ev.data());
                match read_message(&ev.origin(), &host.config.parent_origins, posted) {
                    Ok(HostCommand::Connect {
                        endpoint,
                        secret,
                        name,
                    }) => {
                        host.server_name.set(name);
                        // In memory only, like a secret typed without "remember".
                        session.connect(endpoint, secret);
                    }
                    Ok(HostCommand::Disconnect) => session.disconnect(),
                    Err(why) => host.note(&session, why),
                }
            });
        let _ = window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_message.forget();

        let host = self.clone();
        post(&host.config, &message(&[("type", "msmp-panel:ready")]));
        Effect::new(move |before: Option<&'static str>| {
            let state = state_name(&session.link.get());
            if before.is_some_and(|b| b != state) || (before.is_none() && state != "disconnected") {
                let server = session
                    .endpoint
                    .get_untracked()
                    .map(|e| e.url)
                    .unwrap_or_default();
                post(
                    &host.config,
                    &message(&[
                        ("type", "msmp-panel:status"),
                        ("state", state),
                        ("server", &server),
                    ]),
                );
            }
            state
        });
    }

    fn note(&self, session: &Session, why: Ignored) {
        let text = why.describe();
        session
            .model
            .update(|m| m.log_ignored(t().host_event, &text, now_ms()));
        self.ignored.update(|(n, last)| {
            *n += 1;
            *last = text;
        });
    }
}

fn state_name(link: &Link) -> &'static str {
    match link {
        Link::Idle => "disconnected",
        Link::Connecting | Link::Reconnecting { .. } => "connecting",
        Link::Syncing | Link::Ready => "connected",
        Link::Failed { .. } => "failed",
        Link::Lost { .. } => "lost",
    }
}

/// Whether a page frames this one.
pub fn framed() -> bool {
    window()
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| !js_sys::Object::is(&p, &window()))
}

fn read_fields(data: &JsValue) -> Posted {
    let text = |key: &str| {
        data.is_object()
            .then(|| js_sys::Reflect::get(data, &key.into()).ok()?.as_string())
            .flatten()
    };
    Posted {
        kind: text("type"),
        url: text("url"),
        secret: text("secret"),
        name: text("name"),
    }
}

fn message(fields: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o.into()
}

/// Posts to the framing page, never with `*`: to its origin when the browser tells it
/// (`location.ancestorOrigins`) and it is allowed, else to each allowed origin (the browser
/// delivers it only to the one the parent has).
fn post(config: &HostConfig, msg: &JsValue) {
    if !framed() {
        return;
    }
    let Some(parent) = window().parent().ok().flatten() else {
        return;
    };
    // The parent's origin, where the browser tells it (not Firefox): then only an allowed
    // one is posted to, and a page of any other origin hears nothing.
    let ancestors = js_sys::Reflect::get(&window().location(), &"ancestorOrigins".into())
        .ok()
        .filter(|l| !l.is_undefined());
    let targets: Vec<&String> = match ancestors {
        Some(list) => {
            let first = js_sys::Reflect::get(&list, &0.into())
                .ok()
                .and_then(|o| o.as_string());
            config
                .parent_origins
                .iter()
                .filter(|o| first.as_ref() == Some(*o))
                .collect()
        }
        None => config.parent_origins.iter().collect(),
    };
    for origin in targets {
        let _ = parent.post_message(msg, origin);
    }
}

/// `panel.json`'s text; `None` when the host has none.
async fn fetch_config() -> Result<Option<String>, String> {
    let unreadable = |e: JsValue| match e.dyn_ref::<js_sys::Error>() {
        Some(e) if e.name() == "TimeoutError" => {
            fill(t().host_config_slow, &[&(CONFIG_WAIT_MS / 1000)])
        }
        Some(e) => fill(t().host_config_unreadable, &[&String::from(e.message())]),
        None => fill(
            t().host_config_unreadable,
            &[&e.as_string().unwrap_or_default()],
        ),
    };
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        CONFIG_WAIT_MS,
    )));
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init("panel.json", &init))
            .await
            .map_err(unreadable)?
            .unchecked_into();
    let html = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|c| c.contains("html"));
    if response.status() == 404 || (response.ok() && html) {
        return Ok(None);
    }
    if !response.ok() {
        return Err(fill(t().host_config_http, &[&response.status()]));
    }
    let text = JsFuture::from(response.text().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
    Ok(text.as_string())
}
