//! What moves frames between the session and a server. The session only knows the
//! [`Transport`] trait: the browser's WebSocket is one implementation; the simulator's core
//! running inside the page can be another, so nothing above this assumes a real socket.

use msmp::link::MAX_FRAME_LEN;
use msmp::problem::Problem;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// What a transport reports.
pub enum Incoming {
    Opened,
    /// A text frame, parsed (or the reader's problem with it).
    Frame(Result<Value, Problem>),
    /// A text frame over [`MAX_FRAME_LEN`], dropped unread.
    Oversized(usize),
    /// A binary frame: MSMP sends text only.
    Binary,
    /// The link closed, or could not be established.
    Closed(u16),
}

/// Where a transport reports to: from a task or event of the transport's own, never from
/// inside one of the calls below (the session is busy then; an in-page server must queue
/// its answers, as a socket does).
pub type Sink = Rc<dyn Fn(Incoming)>;

pub trait Transport {
    /// Opens a link to `url`, authenticating with `secret`; replaces any open one. After
    /// [`Transport::close`] or another `open`, nothing of the old link reaches `sink`.
    fn open(&mut self, url: &str, secret: &str, sink: Sink) -> Result<(), String>;
    /// Sends a text frame; false when the link cannot take it (it is closing).
    fn send(&mut self, frame: &str) -> bool;
    fn close(&mut self);
}

/// The socket's handlers; the socket only holds references to them.
struct Handlers {
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

/// The browser's WebSocket, authenticated with the `["minecraft-v1", secret]` subprotocols.
#[derive(Default)]
pub struct BrowserSocket {
    socket: Option<(WebSocket, Handlers)>,
    /// Bumped by every open and close, so a late event of an old socket is ignored.
    generation: Rc<Cell<u32>>,
}

impl Transport for BrowserSocket {
    fn open(&mut self, url: &str, secret: &str, sink: Sink) -> Result<(), String> {
        self.close();
        let protocols = js_sys::Array::of2(&"minecraft-v1".into(), &secret.into());
        // A DOMException (SyntaxError, SecurityError for ws:// from https, ...).
        let ws = WebSocket::new_with_str_sequence(url, &protocols).map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default()
        })?;
        let generation = self.generation.get();
        let live = {
            let current = self.generation.clone();
            move || current.get() == generation
        };
        let open = {
            let (sink, live) = (sink.clone(), live.clone());
            Closure::<dyn FnMut()>::new(move || {
                if live() {
                    sink(Incoming::Opened)
                }
            })
        };
        let message = {
            let (sink, live) = (sink.clone(), live.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if live() {
                    sink(read_frame(e.data()))
                }
            })
        };
        let close = {
            let current = self.generation.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
                if current.get() == generation {
                    // This socket is gone: nothing more may come from it.
                    current.set(generation.wrapping_add(1));
                    sink(Incoming::Closed(e.code()))
                }
            })
        };
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        self.socket = Some((
            ws,
            Handlers {
                _open: open,
                _message: message,
                _close: close,
            },
        ));
        Ok(())
    }

    fn send(&mut self, frame: &str) -> bool {
        match &self.socket {
            Some((ws, _)) if ws.ready_state() == WebSocket::OPEN => ws.send_with_str(frame).is_ok(),
            _ => false,
        }
    }

    fn close(&mut self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        if let Some((ws, _handlers)) = self.socket.take() {
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
    }
}

/// Reads a frame's data without copying an oversized one into Rust.
fn read_frame(data: JsValue) -> Incoming {
    match data.dyn_ref::<js_sys::JsString>() {
        None => Incoming::Binary,
        Some(text) if text.length() as usize > MAX_FRAME_LEN => {
            Incoming::Oversized(text.length() as usize)
        }
        Some(_) => Incoming::Frame(crate::json::parse_js(&data)),
    }
}
