//! The MOTD editor: the text, buttons that insert `§` codes where the cursor is, and a
//! preview drawn as the server list draws it (runs of text with styles, never HTML).

use crate::i18n::t;
use crate::logic::motd::{byte_at, runs, COLOURS, FORMATS};
use crate::ui::flow::each;
use leptos::prelude::*;

/// What a run looks like: glyphs in place of obfuscated text, as the game hides it.
fn shown_text(text: &str, obfuscated: bool) -> String {
    if obfuscated {
        text.chars()
            .map(|c| if c.is_whitespace() { c } else { '▒' })
            .collect()
    } else {
        text.to_string()
    }
}

#[component]
pub fn MotdEditor(id: String, text: RwSignal<String>) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let insert = move |code: char| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let value = text.get_untracked();
        let from = el.selection_start().ok().flatten().unwrap_or(u32::MAX);
        let to = el.selection_end().ok().flatten().unwrap_or(from);
        let (a, b) = (byte_at(&value, from), byte_at(&value, to.max(from)));
        let inserted = format!("§{code}");
        text.set(format!("{}{inserted}{}", &value[..a], &value[b..]));
        // The cursor after the code, in UTF-16 units.
        let cursor = value[..a].encode_utf16().count() as u32 + 2;
        let _ = el.focus();
        let _ = el.set_selection_range(cursor, cursor);
    };
    let names: Vec<&'static str> = t().motd_code_names.split('|').collect();
    let codes: Vec<(char, Option<&'static str>, &'static str)> = COLOURS
        .iter()
        .map(|(c, hex)| (*c, Some(*hex)))
        .chain(FORMATS.iter().map(|c| (*c, None)))
        .zip(names)
        .map(|((c, hex), name)| (c, hex, name))
        .collect();
    view! {
        <input id=id type="text" node_ref=input prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
        <div class="motd-codes" role="group" aria-label=t().motd_insert>
            {each(codes, move |(code, hex, name)| view! {
                // Named by its content (the glyph is hidden from it), so the name holds all
                // that is read out.
                <button type="button" class="code" title=format!("{name} (§{code})")
                    on:click=move |_| insert(code)>
                    {hex.map(|h| view! { <span class="swatch" style:background=h aria-hidden="true"></span> })}
                    <span class=format!("f-{code}") aria-hidden="true">{code.to_string()}</span>
                    <span class="sr-only">{format!("{name} (§{code})")}</span>
                </button>
            })}
        </div>
        <figure class="motd">
            <figcaption class="hint">{t().motd_preview}</figcaption>
            <p class="motd-preview">
                {move || each(runs(&text.get()), |r| view! {
                    <span style:color=r.style.colour class:f-k=r.style.obfuscated class:f-l=r.style.bold
                        class:f-m=r.style.strikethrough class:f-n=r.style.underline class:f-o=r.style.italic>
                        {shown_text(&r.text, r.style.obfuscated)}
                    </span>
                })}
            </p>
        </figure>
    }
}
