//! The connection form and, when a connection fails, the checklist of likely causes.

use crate::host::Host;
use crate::i18n::{fill, t};
use crate::logic::connect::{check_secret, parse_address, parse_fragment, properties_for};
use crate::logic::secrets::{SavedSecrets, SecretField};
use crate::session::{Link, Session};
use crate::ui::flow::{each, show};
use crate::ui::widgets::{CopyButton, FormError};
use crate::ui::{lazy, prefs};
use leptos::prelude::*;

/// Reads `#server=…&secret=…` once and removes it from the address bar (and history). In a
/// frame the history is shared with the host's page, so it is left alone.
pub fn take_fragment() -> crate::logic::connect::Prefill {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    if hash.len() <= 1 {
        return Default::default();
    }
    let prefill = parse_fragment(&hash);
    if crate::host::framed() {
        return prefill;
    }
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
    secret: RwSignal<SecretField>,
    remember: RwSignal<bool>,
    /// The address came from the link that opened the page and nobody confirmed it yet.
    from_link: RwSignal<bool>,
    /// Secrets remembered on this device, by address (shared with the server list).
    pub(crate) saved: RwSignal<SavedSecrets>,
}

impl ConnectDraft {
    /// From the URL fragment (which is then removed), else what this browser remembers.
    /// A remembered secret is only offered next to the address it was saved for.
    pub fn load() -> Self {
        Self::from_prefill(take_fragment())
    }

    /// From what the fragment carried, else what this browser remembers.
    pub fn from_prefill(fragment: crate::logic::connect::Prefill) -> Self {
        let prefs::Saved { address, secrets } = prefs::load();
        let from_link = fragment.server.is_some();
        let address = fragment
            .server
            .or(address)
            .unwrap_or_else(|| "ws://127.0.0.1:25585".into());
        let secret = match fragment.secret {
            Some(s) => SecretField::typed(s),
            None => SecretField::default().after_address_change(&address, &secrets),
        };
        ConnectDraft {
            remember: RwSignal::new(secret.saved_for.is_some()),
            address: RwSignal::new(address),
            secret: RwSignal::new(secret),
            from_link: RwSignal::new(from_link),
            saved: RwSignal::new(secrets),
        }
    }

    fn edit_address(&self, value: String) {
        let saved = self.saved.get_untracked();
        let before = self.secret.get_untracked();
        let after = before.after_address_change(&value, &saved);
        if after.saved_for.is_some() != before.saved_for.is_some() {
            self.remember.set(after.saved_for.is_some());
        }
        self.secret.set(after);
        self.from_link.set(false);
        self.address.set(value);
    }

    /// Removes the saved secret of `url` (all of them when `None`) from storage at once.
    fn forget(&self, url: Option<&str>) {
        self.saved.update(|s| match url {
            Some(url) => {
                s.remove(url);
            }
            None => *s = SavedSecrets::default(),
        });
        prefs::store_secrets(&self.saved.get_untracked());
        if self.secret.with_untracked(|f| {
            f.saved_for.is_some() && url.is_none_or(|u| f.saved_for.as_deref() == Some(u))
        }) {
            self.secret.set(SecretField::default());
            self.remember.set(false);
        }
    }

    /// Keeps or forgets the secret for `url` as the checkbox says.
    fn store(&self, url: &str, secret: &str) {
        let keep = self.remember.get_untracked();
        let changed = self.saved.try_update(|s| {
            if keep {
                s.set(url, secret);
                true
            } else {
                s.remove(url)
            }
        });
        if changed == Some(true) {
            prefs::store_secrets(&self.saved.get_untracked());
        }
        prefs::save_address(url);
    }
}

#[component]
pub fn ConnectForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let fleet = use_context::<crate::fleet::Fleet>();
    let host = expect_context::<Host>();
    let presets = host.config.clone();
    let draft = use_context::<ConnectDraft>().unwrap_or_else(ConnectDraft::load);
    let ConnectDraft {
        address,
        secret,
        remember,
        from_link,
        saved,
    } = draft;
    let reveal = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let endpoint = match parse_address(&address.get_untracked(), false) {
            Ok(e) => e,
            Err(e) => return error.set(Some(e)),
        };
        let field = secret.get_untracked();
        if !field.may_send_to(&endpoint.url) {
            // Unreachable through the form (an address edit re-pairs the field); kept so
            // no future path can send one server's secret to another.
            secret.set(SecretField::default());
            return error.set(Some(t().secret_other_server.into()));
        }
        let secret_value = field.value.trim().to_string();
        if let Err(e) = check_secret(&secret_value) {
            return error.set(Some(e));
        }
        error.set(None);
        from_link.set(false);
        draft.store(&endpoint.url, &secret_value);
        let preset = host.config.servers.iter().find(|p| p.endpoint == endpoint);
        host.server_name.set(preset.map(|p| p.name.clone()));
        // The name a link or the list gave this session was for the address it had.
        if let Some(fleet) = fleet {
            if session
                .endpoint
                .with_untracked(|e| e.as_ref() != Some(&endpoint))
            {
                fleet.set_name(session, None);
            }
        }
        session.connect(endpoint, secret_value);
    };

    let saved_here = move || {
        let input = address.get();
        saved.with(|s| s.offer(&input).map(|(url, _)| url))
    };
    let saved_elsewhere = move || {
        let here = saved_here();
        saved.with(|s| s.len() - usize::from(here.is_some()))
    };
    let connecting = move || matches!(session.link.get(), Link::Connecting);
    view! {
        <section class="connect card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">{t().connect_heading}</h2>
            <form on:submit=submit novalidate>
                {(!presets.servers.is_empty()).then(|| view! {
                    <fieldset class="presets">
                        <legend>{t().presets_label}</legend>
                        <div class="row wrap">
                            {each(presets.servers.clone(), |p| {
                                let url = p.endpoint.url;
                                view! {
                                    <button type="button" class="small"
                                        on:click=move |_| draft.edit_address(url.clone())>{p.name}</button>
                                }
                            })}
                        </div>
                    </fieldset>
                }.into_any())}
                <label for="address">{t().address_label}</label>
                <input id="address" type="text" autocomplete="url" spellcheck="false"
                    prop:value=move || address.get()
                    on:input=move |ev| draft.edit_address(event_target_value(&ev))
                    aria-describedby=move || if from_link.get() { "address-from-link address-hint" } else { "address-hint" }.to_string()/>
                {move || from_link.get().then(|| view! {
                    <p class="hint warn" id="address-from-link">{t().address_from_link}</p>
                }.into_any())}
                <p class="hint" id="address-hint">{t().address_hint}</p>
                <label for="secret">{t().secret_label}</label>
                <div class="row">
                    <input id="secret" type=move || if reveal.get() { "text" } else { "password" }.to_string()
                        autocomplete="off" spellcheck="false" aria-describedby="secret-hint"
                        prop:value=move || secret.with(|f| f.value.clone())
                        on:input=move |ev| secret.set(SecretField::typed(event_target_value(&ev)))/>
                    <button type="button" class="small" aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)>
                        {move || if reveal.get() { t().hide_secret } else { t().show_secret }.to_string()}
                    </button>
                </div>
                <p class="hint" id="secret-hint">{t().secret_hint}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev)) aria-describedby="remember-hint"/>
                    {t().remember_label}
                </label>
                <p class="hint" id="remember-hint">{t().remember_hint}</p>
                {move || saved_here().map(|url| view! {
                    <p class="row">
                        <span class="hint">{t().secret_saved_here}</span>" "
                        <button type="button" class="small" on:click=move |_| draft.forget(Some(&url))>{t().forget_secret}</button>
                    </p>
                }.into_any())}
                {move || (saved_elsewhere() > 0).then(|| view! {
                    <p class="row">
                        <button type="button" class="small" on:click=move |_| draft.forget(None)>
                            {fill(t().forget_all_secrets, &[&saved.with(SavedSecrets::len)])}
                        </button>
                    </p>
                }.into_any())}
                <button type="submit" disabled=connecting>
                    {move || if connecting() { t().connecting } else { t().connect }.to_string()}
                </button>
                <FormError error=error/>
            </form>
        </section>
        {show(move || matches!(session.link.get(), Link::Failed { .. }), checklist)}
    }
}

/// In place of the form when the host page connects the panel (`lockServer`).
#[component]
pub fn HostWaiting() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    view! {
        <section class="connect card" aria-labelledby="connect-heading">
            <h2 id="connect-heading">{t().connect_heading}</h2>
            <p role="status">{t().host_waiting}</p>
            {move || host.ignored.with(|(n, last)| (*n > 0).then(|| view! {
                <p class="hint">{fill(t().host_ignored_count, &[n, last])}</p>
            }.into_any()))}
        </section>
        {show(move || matches!(session.link.get(), Link::Failed { .. }), checklist)}
    }
}

/// The checklist is a chunk: only a failed connection shows it.
fn checklist() -> AnyView {
    lazy::page(|| Box::pin(lazy::checklist()), Signal::stored(true))
}

/// The likely causes of a failed connection, most likely first, with what to change.
#[component]
pub(crate) fn FailureChecklist() -> impl IntoView {
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
                <li>{t().check_version}</li>
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
