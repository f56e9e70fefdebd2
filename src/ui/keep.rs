//! What the user typed survives another language: the views are rebuilt with the new
//! strings, and every form control gets its value back (through the same input and change
//! events typing makes, so the forms' signals follow), along with the focus and the scroll.
//! Controls are matched by their place among their page's controls: a rebuild makes the
//! same controls in the same order, only their words differ.

use crate::i18n::Lang;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// Every control but the header's pickers (which set what is being switched).
const CONTROLS: &str = ".msmp-panel :is(input, textarea, select):not(.pickers *)";

struct Control {
    /// The page the control is on (`div.page`'s place), or `None` outside the pages.
    page: Option<u32>,
    value: JsValue,
    /// Checkboxes and radio buttons: whether checked.
    checked: Option<JsValue>,
}

struct Typed {
    controls: Vec<Control>,
    /// Which control had the focus (a picker: the one at this place in the header).
    focus: Option<(bool, usize)>,
    /// Where the window was scrolled to, until it is there again.
    scroll: Option<f64>,
}

fn controls(selector: &str) -> Vec<Element> {
    let Ok(list) = document().query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn page_of(el: &Element) -> Option<u32> {
    let page = el.closest("div.page").ok()??;
    let mut index = 0;
    let mut node = page.previous_element_sibling();
    while let Some(n) = node {
        index += 1;
        node = n.previous_element_sibling();
    }
    Some(index)
}

fn prop(el: &Element, name: &str) -> JsValue {
    js_sys::Reflect::get(el, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Shows the panel in `chosen` (its table in place), giving the controls back what they held.
pub fn relook(lang: RwSignal<Lang>, chosen: Lang) {
    let typed = take();
    lang.set(chosen);
    typed.restore();
}

/// Takes what the controls hold now, before the views are rebuilt.
fn take() -> Typed {
    let active = document().active_element();
    let focus_in = |selector: &str| {
        let all = controls(selector);
        let el = active.as_ref()?;
        all.iter().position(|c| c == el)
    };
    Typed {
        controls: controls(CONTROLS)
            .iter()
            .map(|el| Control {
                page: page_of(el),
                value: prop(el, "value"),
                checked: checkable(el).then(|| prop(el, "checked")),
            })
            .collect(),
        focus: focus_in(".msmp-panel .pickers select")
            .map(|i| (true, i))
            .or_else(|| focus_in(CONTROLS).map(|i| (false, i))),
        scroll: window().scroll_y().ok(),
    }
}

fn checkable(el: &Element) -> bool {
    matches!(
        prop(el, "type").as_string().as_deref(),
        Some("checkbox" | "radio")
    )
}

fn send(el: &Element, kind: &str) {
    if let Ok(ev) = web_sys::Event::new(kind) {
        ev.init_event_with_bubbles(kind, true);
        let _ = el.dispatch_event(&ev);
    }
}

impl Typed {
    /// Gives the rebuilt controls their values back. A page that fetches its chunk or
    /// waits for data is not there at once: each page is restored when it has as many
    /// controls as before, looking again every frame for a second.
    fn restore(self) {
        // After the rebuild, which runs once this task is over.
        set_timeout(move || self.attempt(60), Duration::ZERO);
    }

    fn attempt(mut self, tries: u32) {
        let now = controls(CONTROLS);
        let mut pending = Vec::new();
        let pages: Vec<Option<u32>> = now.iter().map(page_of).collect();
        let mut groups: Vec<Option<u32>> = self.controls.iter().map(|c| c.page).collect();
        groups.dedup();
        for group in groups {
            let before: Vec<&Control> = self.controls.iter().filter(|c| c.page == group).collect();
            let after: Vec<&Element> = now
                .iter()
                .zip(&pages)
                .filter(|(_, p)| **p == group)
                .map(|(e, _)| e)
                .collect();
            if before.len() != after.len() {
                pending.push(group);
                continue;
            }
            for (c, el) in before.into_iter().zip(after) {
                if let Some(checked) = &c.checked {
                    if prop(el, "checked") != *checked {
                        let _ = js_sys::Reflect::set(el, &"checked".into(), checked);
                        send(el, "change");
                    }
                } else if prop(el, "value") != c.value {
                    let _ = js_sys::Reflect::set(el, &"value".into(), &c.value);
                    send(el, "input");
                    send(el, "change");
                }
            }
        }
        if let Some((picker, i)) = self.focus.take() {
            let list = if picker {
                controls(".msmp-panel .pickers select")
            } else {
                now
            };
            match list.get(i).and_then(|e| e.dyn_ref::<HtmlElement>()) {
                Some(el) => {
                    let _ = el.focus();
                }
                None => self.focus = Some((picker, i)),
            }
        }
        if let Some(y) = self.scroll {
            window().scroll_to_with_x_and_y(0.0, y);
            if window().scroll_y().is_ok_and(|now| (now - y).abs() < 1.0) {
                self.scroll = None;
            }
        }
        self.controls.retain(|c| pending.contains(&c.page));
        let waiting = !self.controls.is_empty() || self.focus.is_some() || self.scroll.is_some();
        if waiting && tries > 0 {
            set_timeout(move || self.attempt(tries - 1), Duration::from_millis(16));
        }
    }
}
