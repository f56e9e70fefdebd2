//! The connection form and, when a connection fails, the checklist of likely causes.

use crate::i18n::{fill, t};
use crate::logic::connect::{check_secret, parse_address, parse_fragment, properties_for};
use crate::session::{Link, Session};
use crate::ui::flow::show;
use crate::ui::prefs;
use crate::ui::widgets::CopyButton;
use leptos::prelude::*;

/// Reads `#server=…&secret=…` once and removes it from the address bar (and history).
fn take_fragment() -> crate::logic::connect::Prefill {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    if hash.len() <= 1 {
        return Default::default();
    }
    let prefill = parse_fragment(&hash);
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    prefill
}

pub fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// What the connection form holds. It outlives the form (which is unmounted while
/// connected), so disconnecting does not make the user paste the secret again.
#[derive(Clone, Copy)]
pub struct ConnectDraft {
    address: RwSignal<String>,
    secret: RwSignal<String>,
    remember: RwSignal<bool>,
}

impl ConnectDraft {
    /// From the URL fragment (which is then removed), else what this browser remembers.
    pub fn load() -> Self {
        let fragment = take_fragment();
        let saved = prefs::load();
        ConnectDraft {
            address: RwSignal::new(
                fragment
                    .server
                    .or(saved.address)
                    .unwrap_or_else(|| "ws://127.0.0.1:25585".into()),
            ),
            remember: RwSignal::new(saved.secret.is_some()),
            secret: RwSignal::new(fragment.secret.or(saved.secret).unwrap_or_default()),
        }
    }
}

#[component]
pub fn ConnectForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = use_context::<ConnectDraft>().unwrap_or_else(ConnectDraft::load);
    let ConnectDraft {
        address,
        secret,
        remember,
    } = draft;
    let reveal = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let endpoint = match parse_address(&address.get_untracked(), false) {
            Ok(e) => e,
            Err(e) => return error.set(Some(e)),
        };
        let secret_value = secret.get_untracked().trim().to_string();
        if let Err(e) = check_secret(&secret_value) {
            return error.set(Some(e));
        }
        error.set(None);
        prefs::save(
            &endpoint.url,
            remember.get_untracked().then_some(secret_value.as_str()),
        );
        session.connect(endpoint, secret_value);
    };

    let connecting = move || matches!(session.link.get(), Link::Connecting);
    view! {
        <section class="connect card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">{t().connect_heading}</h2>
            <form on:submit=submit novalidate>
                <label for="address">{t().address_label}</label>
                <input id="address" type="text" autocomplete="url" spellcheck="false" bind:value=address aria-describedby="address-hint"/>
                <p class="hint" id="address-hint">{t().address_hint}</p>
                <label for="secret">{t().secret_label}</label>
                <div class="row">
                    <input id="secret" type=move || if reveal.get() { "text" } else { "password" }.to_string()
                        autocomplete="off" spellcheck="false" bind:value=secret aria-describedby="secret-hint"/>
                    <button type="button" class="small" aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)>
                        {move || if reveal.get() { t().hide_secret } else { t().show_secret }.to_string()}
                    </button>
                </div>
                <p class="hint" id="secret-hint">{t().secret_hint}</p>
                <label class="check">
                    <input type="checkbox" bind:checked=remember/>
                    {t().remember_label}
                </label>
                <p class="hint">{t().remember_hint}</p>
                <button type="submit" disabled=connecting>
                    {move || if connecting() { t().connecting } else { t().connect }.to_string()}
                </button>
                {move || error.get().map(|e| view! { <p class="outcome error" role="alert">{e}</p> }.into_any())}
            </form>
        </section>
        {show(move || matches!(session.link.get(), Link::Failed { .. }), move || view! {
            <FailureChecklist/>
        })}
    }
}

/// The likely causes of a failed connection, most likely first, with what to change.
#[component]
fn FailureChecklist() -> impl IntoView {
    let session = expect_context::<Session>();
    let endpoint = move || session.endpoint.get();
    let origin = page_origin();
    let properties = {
        let origin = origin.clone();
        Signal::derive(move || properties_for(&origin, endpoint().as_ref()))
    };
    let origin_signal = Signal::derive({
        let origin = origin.clone();
        move || origin.clone()
    });
    let authority = move || endpoint().map(|e| e.authority).unwrap_or_default();
    view! {
        <section class="card checklist" role="alert" aria-labelledby="failed-heading">
            <h2 id="failed-heading">{t().failed_heading}</h2>
            <p>{t().failed_intro}</p>
            {move || session.sync_error.get().map(|e| view! { <p class="outcome error">{e}</p> }.into_any())}
            <ol>
                <li>{move || fill(t().check_running, &[&authority()])}</li>
                <li>
                    {t().check_origin}" "
                    <code class="origin">{origin.clone()}</code>" "
                    <CopyButton text=origin_signal label=t().copy_origin/>
                    <p>{t().check_properties}</p>
                    <pre class="properties">{move || properties.get()}</pre>
                    <CopyButton text=properties label=t().copy_properties/>
                </li>
                {(origin.starts_with("https:") && endpoint().is_some_and(|e| !e.secure))
                    .then(|| view! { <li>{t().check_mixed_content}</li> }.into_any())}
                <li>{t().check_secret}</li>
                <li>
                    {move || if endpoint().is_some_and(|e| e.secure) { t().check_scheme_wss } else { t().check_scheme_ws }.to_string()}
                    {move || endpoint().filter(|e| e.secure).map(|e| {
                        let url = e.https_url();
                        view! { " " <a href=url.clone() target="_blank" rel="noopener">{fill(t().trust_certificate, &[&url])}</a> }
                            .into_any()
                    })}
                </li>
            </ol>
        </section>
    }
}
