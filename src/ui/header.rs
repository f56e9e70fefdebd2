//! The language and theme pickers of the header (each choice saved in this browser), and
//! which language the panel starts in.

use crate::host::Host;
use crate::i18n::{lang, t, use_table, Lang};
use crate::logic::host::Theme;
use crate::ui::flow::each;
use crate::ui::{lazy, prefs};
use leptos::prelude::*;

const THEMES: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

/// What the panel looks like: its language (the views are rebuilt when it changes) and theme.
#[derive(Clone, Copy)]
pub struct Look {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    /// The host's `panel.json` chose the theme: no picker.
    pub host_theme: bool,
}

impl Look {
    pub fn new(host: &Host) -> Look {
        Look {
            lang: RwSignal::new(lang()),
            theme: RwSignal::new(
                host.config
                    .theme
                    .or_else(prefs::load_theme)
                    .unwrap_or(Theme::System),
            ),
            host_theme: host.config.theme.is_some(),
        }
    }
}

/// The user's saved choice, else the host's `lang`, else the browser's first language the
/// panel has, else English.
pub fn first_language(host: &Host) -> Lang {
    let browser = || {
        window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .find_map(|tag| Lang::from_tag(&tag))
    };
    prefs::load_lang()
        .as_deref()
        .and_then(Lang::from_tag)
        .or_else(|| host.config.lang.and_then(Lang::from_tag))
        .or_else(browser)
        .unwrap_or(Lang::En)
}

fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::System => t().theme_system,
        Theme::Light => t().theme_light,
        Theme::Dark => t().theme_dark,
    }
}

#[component]
pub fn Pickers() -> impl IntoView {
    let look = expect_context::<Look>();
    let failed = RwSignal::new(false);
    let pick_language = move |ev| {
        let index: usize = event_target_value(&ev).parse().unwrap_or(0);
        let Some(&chosen) = Lang::ALL.get(index) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match (lazy::table(chosen).await, lazy::relook().await) {
                (Ok(table), Ok(relook)) => {
                    use_table(table);
                    prefs::store_lang(chosen.tag());
                    relook(look.lang, chosen);
                }
                _ => failed.set(true),
            }
        });
    };
    let pick_theme = move |ev| {
        let index: usize = event_target_value(&ev).parse().unwrap_or(0);
        if let Some(&theme) = THEMES.get(index) {
            prefs::store_theme(theme);
            look.theme.set(theme);
        }
    };
    view! {
        <div class="pickers">
            <select aria-label=t().language_label on:change=pick_language>
                {each(Lang::ALL.iter().enumerate(), |(i, l)| view! {
                    <option value=i.to_string() selected=*l == lang()>{l.name()}</option>
                })}
            </select>
            {(!look.host_theme).then(|| view! {
                <select aria-label=t().theme_label on:change=pick_theme>
                    {each(THEMES.iter().enumerate(), move |(i, th)| view! {
                        <option value=i.to_string() selected=*th == look.theme.get_untracked()>{theme_name(*th)}</option>
                    })}
                </select>
            }.into_any())}
            {move || failed.get().then(|| view! { <span class="error" role="alert">{t().language_failed}</span> }.into_any())}
        </div>
    }
}
