//! Browser tests of the panel's components with logic, mounted into the test page.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use msmp::catalog::Group;
use msmp::client::CallError;
use msmp::jsonrpc::RpcError;
use msmp::types::Player;
use msmp_panel::session::{Failure, Link, Session};
use msmp_panel::ui::connect::ConnectForm;
use msmp_panel::ui::lists::ListEditor;
use msmp_panel::ui::widgets::{Action, Outcome, OutcomeView};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

fn container() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets effects, spawned tasks and the DOM catch up.
async fn settle() {
    for _ in 0..3 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

fn input(root: &HtmlElement, selector: &str) -> HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .expect(selector)
        .unchecked_into()
}

fn type_into(el: &HtmlInputElement, value: &str) {
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Mounts `view` with a fresh session in context; returns the session and the root.
fn mount_with_session<V: IntoView + 'static>(
    view: impl FnOnce(Session) -> V + 'static,
) -> (Session, HtmlElement, impl Drop) {
    let root = container();
    let slot: Rc<Cell<Option<Session>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let session = Session::new();
        provide_context(session);
        // A page without panel.json.
        provide_context(msmp_panel::host::Host::new(Default::default(), Vec::new()));
        out.set(Some(session));
        view(session)
    });
    (slot.get().unwrap(), root, handle)
}

#[wasm_bindgen_test]
async fn a_bad_secret_is_refused_before_any_connection_attempt() {
    let (session, root, _h) = mount_with_session(|_| view! { <ConnectForm/> });
    type_into(&input(&root, "#address"), "ws://127.0.0.1:25585");
    type_into(&input(&root, "#secret"), "too-short");
    root.query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("exactly 40"), "{text}");
    assert_eq!(
        session.link.get_untracked(),
        Link::Idle,
        "nothing was attempted"
    );
}

#[wasm_bindgen_test]
async fn the_url_fragment_prefills_the_form_and_is_removed() {
    let secret = "AbCdEfGhIj0123456789AbCdEfGhIj0123456789";
    let url = format!("#server=ws%3A%2F%2Fmc.example.org%3A25585&secret={secret}");
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
    let (_session, root, _h) = mount_with_session(|_| view! { <ConnectForm/> });
    settle().await;
    assert_eq!(
        input(&root, "#address").value(),
        "ws://mc.example.org:25585"
    );
    assert_eq!(input(&root, "#secret").value(), secret);
    assert_eq!(
        input(&root, "#secret").type_(),
        "password",
        "masked by default"
    );
    assert_eq!(
        window().location().hash().unwrap(),
        "",
        "the secret left the address bar"
    );
}

#[wasm_bindgen_test]
async fn server_errors_show_code_message_and_data_as_text() {
    let root = container();
    let _h = leptos::mount::mount_to(root.clone(), || {
        let action = Action::new();
        action
            .outcome
            .set(Some(Outcome::Failed(Failure::Call(CallError::Rpc(
                RpcError::new(-32602, "Invalid params", Some(HOSTILE.into())),
            )))));
        view! { <OutcomeView action=action/> }
    });
    settle().await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("-32602") && text.contains("Invalid params") && text.contains(HOSTILE),
        "{text}"
    );
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "server text never becomes markup"
    );
}

#[wasm_bindgen_test]
async fn actions_while_disconnected_are_refused_not_queued() {
    let owner = Owner::new();
    let session = owner.with(Session::new);
    let result = session.call("minecraft:allowlist", None).await;
    assert_eq!(result, Err(Failure::NotConnected));
    assert!(msmp_panel::session::describe(&Failure::NotConnected).contains("nothing was sent"));
}

#[wasm_bindgen_test]
async fn list_editor_renders_entries_as_text_and_filters_them() {
    let (session, root, _h) =
        mount_with_session(|_| view! { <ListEditor group=Group::Allowlist/> });
    session.model.update(|m| {
        m.touch(msmp::model::Slice::Allowlist);
        m.allowlist = vec![
            Player::named(HOSTILE),
            Player::with_id("853c80ef-3c37-49fd-aa49-938b674adae6", "jeb_"),
        ];
    });
    settle().await;
    let rows = || {
        root.query_selector_all("table.list tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(rows(), 2);
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.text_content().unwrap().contains(HOSTILE));
    type_into(&input(&root, "input[type=search]"), "JEB");
    settle().await;
    assert_eq!(rows(), 1, "the filter is case-insensitive");
}
