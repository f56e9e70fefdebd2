//! Small pieces every page uses: running an action and showing its outcome, asking before a
//! destructive one, copying, downloading JSON, and gating controls on what the server offers.

use crate::i18n::{fill, t};
use crate::session::{Failure, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use msmp::client::CallError;
use msmp::jsonrpc::json_pretty;
use serde_json::Value;
use wasm_bindgen::JsCast;

/// Lower-cases for filtering. Non-ASCII text goes through the browser's Unicode tables
/// (`String.toLowerCase`), so the bundle does not carry Rust's own copy (3.7 KB of gzip).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        js_sys::JsString::from(s).to_lower_case().into()
    }
}

/// What the last run of an action came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done(String),
    /// Refused in the form before anything was sent.
    Invalid(String),
    Failed(Failure),
}

/// One form's action: whether it is running and how it ended.
#[derive(Clone, Copy)]
pub struct Action {
    pub busy: RwSignal<bool>,
    pub outcome: RwSignal<Option<Outcome>>,
    /// Where [`OutcomeView`] shows the outcome (to know whether it was on screen).
    shown_in: NodeRef<leptos::html::Div>,
}

/// One finished call, for the toasts and the audit log (`ui::activity`, a chunk).
pub struct Done {
    pub at_ms: u64,
    pub server: String,
    pub method: String,
    pub params: Option<Value>,
    pub ok: bool,
    pub text: String,
    /// Whether its form's outcome was on screen (then a toast need not be read out).
    pub seen: bool,
}

thread_local! {
    /// Calls finished since the activity chunk last took them. A plain list and a trigger
    /// rather than a signal of its own type: this code is in the start bundle.
    static FINISHED: std::cell::RefCell<Vec<Done>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The app's [`Activity`], for calls that end outside any view (a fleet's bulk actions).
    static RING: std::cell::Cell<Option<Activity>> = const { std::cell::Cell::new(None) };
}

/// Rings when a call finishes (made by the app; the activity chunk listens).
#[derive(Clone, Copy)]
pub struct Activity(pub Trigger);

impl Activity {
    /// The app's one: provided as context and kept for [`record`].
    pub fn install() -> Activity {
        let a = Activity(Trigger::new());
        provide_context(a);
        RING.with(|r| r.set(Some(a)));
        a
    }
}

/// Hands a finished call to the toasts and the audit log.
pub fn record(done: Done) {
    FINISHED.with(|f| f.borrow_mut().push(done));
    if let Some(Activity(ring)) = RING.with(|r| r.get()) {
        ring.notify();
    }
}

/// The calls finished since the last time this was called.
pub fn take_finished() -> Vec<Done> {
    FINISHED.with(|f| f.take())
}

impl Default for Action {
    fn default() -> Self {
        Self::new()
    }
}

impl Action {
    pub fn new() -> Self {
        Action {
            busy: RwSignal::new(false),
            outcome: RwSignal::new(None),
            shown_in: NodeRef::new(),
        }
    }

    pub fn invalid(&self, message: impl Into<String>) {
        self.outcome.set(Some(Outcome::Invalid(message.into())));
    }

    /// Calls `method`; `describe` turns the result into the success message.
    pub fn run(
        &self,
        session: Session,
        method: &str,
        param: Option<Value>,
        describe: impl FnOnce(&Value) -> String + 'static,
    ) {
        // One copy of the task for every form (boxed), not one per call site.
        self.run_boxed(session, method, param, Box::new(describe));
    }

    fn run_boxed(
        &self,
        session: Session,
        method: &str,
        param: Option<Value>,
        describe: Box<dyn FnOnce(&Value) -> String>,
    ) {
        let this = *self;
        let method = method.to_string();
        this.busy.set(true);
        this.outcome.set(None);
        spawn_local(async move {
            let result = session.call(&method, param.clone()).await;
            this.busy.set(false);
            let (ok, text, outcome) = match result {
                Ok(v) => {
                    let text = describe(&v);
                    (true, text.clone(), Outcome::Done(text))
                }
                Err(e) => (false, crate::session::describe(&e), Outcome::Failed(e)),
            };
            this.outcome.set(Some(outcome));
            let seen = this
                .shown_in
                .get_untracked()
                .is_some_and(|el| el.offset_parent().is_some());
            let server = session
                .endpoint
                .with_untracked(|e| e.as_ref().map(|e| e.authority.clone()));
            record(Done {
                at_ms: crate::session::now_ms(),
                server: server.unwrap_or_default(),
                method,
                params: param,
                ok,
                text,
                seen,
            });
        });
    }
}

/// A form's editable copy of one server value, as text and as a checkbox (the form shows
/// whichever fits the value's type). It follows the server's value without clobbering an
/// edit: a new server value is taken only while the form still shows the previous one.
#[derive(Clone, Copy)]
pub struct Draft {
    pub text: RwSignal<String>,
    pub checked: RwSignal<bool>,
}

impl Draft {
    pub fn following(server: impl Fn() -> Option<(String, bool)> + 'static) -> Draft {
        // Boxed: one effect for every form, not one per caller's closure.
        Draft::follow_boxed(Box::new(server))
    }

    fn follow_boxed(server: Box<dyn Fn() -> Option<(String, bool)>>) -> Draft {
        let draft = Draft {
            text: RwSignal::new(String::new()),
            checked: RwSignal::new(false),
        };
        let seen = StoredValue::new(None::<(String, bool)>);
        Effect::new(move |_| {
            let Some(value) = server() else { return };
            let shown = (draft.text.get_untracked(), draft.checked.get_untracked());
            if seen.with_value(|s| s.as_ref().is_none_or(|s| *s == shown)) {
                draft.show(value.clone());
            }
            seen.set_value(Some(value));
        });
        draft
    }

    /// Shows `value` now, e.g. what the server kept after a save.
    pub fn show(&self, (text, checked): (String, bool)) {
        self.text.set(text);
        self.checked.set(checked);
    }
}

/// Moves the focus to an error that has just appeared in `holder` (its first element), so
/// keyboard and screen reader users land on it; not if the person has gone on to another
/// form since (the focus is then neither on the page's body nor in the error's form).
pub fn focus_error(holder: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        let Some(holder) = holder.get_untracked() else {
            return;
        };
        let area = holder.closest("form, section, .card").ok().flatten();
        let body = document().body().map(web_sys::Element::from);
        let here = document().active_element().is_none_or(|el| {
            Some(&el) == body.as_ref() || area.is_some_and(|a| a.contains(Some(&el)))
        });
        let error = holder
            .first_element_child()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let (true, Some(error)) = (here, error) {
            let _ = error.focus();
        }
    });
}

/// A form's own error (e.g. what was typed is not valid): announced, and it takes the focus.
#[component]
pub fn FormError(error: RwSignal<Option<String>>) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if error.with(Option::is_some) {
            focus_error(holder);
        }
    });
    view! {
        <div class="live" aria-live="polite" node_ref=holder>
            {move || error.get().map(|e| view! { <p class="outcome error" role="alert" tabindex="-1">{e}</p> })}
        </div>
    }
}

/// The outcome of an action, next to its form. Server errors show code, message and data.
/// The holder is a live region that is always there, so an outcome is announced when it
/// appears; an error also takes the focus.
#[component]
pub fn OutcomeView(action: Action) -> impl IntoView {
    let holder = action.shown_in;
    Effect::new(move |_| {
        if action
            .outcome
            .with(|o| matches!(o, Some(Outcome::Invalid(_) | Outcome::Failed(_))))
        {
            focus_error(holder);
        }
    });
    let outcome = move || {
        action.outcome.get().map(|o| match o {
            Outcome::Done(text) => {
                view! { <p class="outcome ok" role="status">{text}</p> }.into_any()
            }
            Outcome::Invalid(text) => {
                view! { <p class="outcome error" role="alert" tabindex="-1">{text}</p> }.into_any()
            }
            Outcome::Failed(Failure::Call(CallError::Rpc(e))) => view! {
                <div class="outcome error" role="alert" tabindex="-1">
                    <strong>{fill(t().error_code, &[&e.code])}</strong>" "
                    <span>{e.message.clone()}</span>
                    {e.data_text().map(|d| view! { <pre class="error-data">{d}</pre> }.into_any())}
                </div>
            }
            .into_any(),
            Outcome::Failed(Failure::BadResult { error, raw }) => view! {
                <div class="outcome error" role="alert" tabindex="-1">
                    <span>{fill(t().problem_bad_result, &[&crate::i18n::problem_text(&error)])}</span>
                    <p>{t().raw_answer}</p>
                    <pre class="error-data">{json_pretty(&raw)}</pre>
                </div>
            }
            .into_any(),
            Outcome::Failed(other) => {
                view! { <p class="outcome error" role="alert" tabindex="-1">{crate::session::describe(&other)}</p> }.into_any()
            }
        })
    };
    view! { <div class="live" aria-live="polite" node_ref=holder>{outcome}</div> }
}

/// A question asked before a call that cannot be undone. The call waits here until the
/// person confirms; cancelling drops it, so nothing is sent.
#[derive(Clone, Copy)]
pub struct Confirm {
    question: RwSignal<Option<String>>,
    then: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
}

impl Default for Confirm {
    fn default() -> Self {
        Self::new()
    }
}

impl Confirm {
    pub fn new() -> Self {
        Confirm {
            question: RwSignal::new(None),
            then: StoredValue::new_local(None),
        }
    }

    /// Shows `question` (saying what will happen) in place of `action`'s last outcome;
    /// `then` runs only once it is confirmed. Callers build the call before asking, so
    /// what is sent is what the question named.
    pub fn ask(&self, action: Action, question: String, then: impl FnOnce() + 'static) {
        action.outcome.set(None);
        self.then.set_value(Some(Box::new(then)));
        self.question.set(Some(question));
    }

    /// Drops the waiting call, e.g. when the form it came from changes.
    pub fn cancel(&self) {
        self.then.set_value(None);
        self.question.set(None);
    }

    fn accept(&self) {
        let then = self.then.try_update_value(Option::take).flatten();
        self.question.set(None);
        if let Some(then) = then {
            then();
        }
    }
}

/// The question of a [`Confirm`] while it is asked: confirm (`yes`, which names the act) or
/// cancel, plus optional extra controls (e.g. a download before clearing). Focus moves to
/// Cancel, and Escape cancels.
#[component]
pub fn ConfirmDialog(
    confirm: Confirm,
    title: &'static str,
    yes: &'static str,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    move || {
        confirm.question.get().map(|question| {
            let cancel_ref = NodeRef::<leptos::html::Button>::new();
            cancel_ref.on_load(|b| {
                let _ = b.focus();
            });
            view! {
                <div class="card danger-zone confirm" role="alertdialog" aria-label=title
                    on:keydown=move |ev| if ev.key() == "Escape" { confirm.cancel() }>
                    <p>{question}</p>
                    <div class="row">
                        {children.as_ref().map(|c| c())}
                        <button type="button" class="danger" on:click=move |_| confirm.accept()>{yes}</button>
                        <button type="button" node_ref=cancel_ref on:click=move |_| confirm.cancel()>{t().cancel}</button>
                    </div>
                </div>
            }
            .into_any()
        })
    }
}

/// Why `method` cannot be used on this server, if it cannot.
/// A memo: the button's three uses (disabled, title, hint) share one lookup per update.
pub fn unavailable(session: Session, method: &'static str) -> Memo<Option<String>> {
    Memo::new(move |_| {
        session.model.with(msmp::model::Slice::Status, |m| {
            (m.discover.is_some() && !m.has_method(method))
                .then(|| fill(t().unavailable, &[&method]))
        })
    })
}

/// "This server does not offer …" for a method group whose getter the server does not list
/// (a bridge may serve a subset); nothing otherwise.
#[component]
pub fn NotOffered(method: &'static str) -> impl IntoView {
    let missing = unavailable(expect_context::<Session>(), method);
    move || {
        missing
            .get()
            .map(|why| view! { <p class="hint" role="status">{why}</p> }.into_any())
    }
}

/// A submit button that is disabled while its action runs or when the server lacks the
/// method, saying why.
#[component]
pub fn ActionButton(
    action: Action,
    method: &'static str,
    label: &'static str,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let missing = unavailable(session, method);
    let off =
        move || action.busy.get() || missing.get().is_some() || disabled.is_some_and(|d| d.get());
    view! {
        <button type="submit" class:danger=danger disabled=off title=move || missing.get().unwrap_or_default()>
            {move || if action.busy.get() { t().busy } else { label }.to_string()}
        </button>
        {move || missing.get().map(|why| view! { <p class="hint">{why}</p> }.into_any())}
    }
}

/// Copies `text`; false when the browser has no clipboard here (plain http on a
/// non-local address) or refuses.
pub async fn copy_text(text: &str) -> bool {
    let navigator = window().navigator();
    // `navigator.clipboard` only exists in secure contexts; calling it blindly would throw.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A button that copies `text` and says whether it worked.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    let state = RwSignal::new(None::<bool>);
    view! {
        <button type="button" class="small" on:click=move |_| {
            let text = text.get_untracked();
            spawn_local(async move { state.set(Some(copy_text(&text).await)) });
        }>{move || match state.get() {
            Some(true) => t().copied,
            Some(false) => t().copy_failed,
            None => label,
        }.to_string()}</button>
    }
}

/// Offers `value` as a JSON file download.
pub fn download_json(filename: &str, value: &Value) {
    download_text(filename, &json_pretty(value));
}

/// Offers `text` (JSON) as a file download.
pub fn download_text(filename: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        }
    }
    // Revoking at once can cancel the download in some browsers: give it a moment.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
}
