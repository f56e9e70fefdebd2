//! Game rules as one form, grouped (players, mobs, world, drops, chat and commands) with a
//! search: change any number, see which differ from the server, "Save changes (N)" sends
//! them all and each shows what the server kept; "Discard" goes back. Protocol 1.x sends
//! and takes values as strings; 2.0.0+ as booleans and integers.

use crate::i18n::{fill, t};
use crate::logic::rules::{group_of, RuleGroup};
use crate::session::Session;
use crate::ui::flow::{each, show, show_or};
use crate::ui::widgets::{fold, unavailable, Action, Draft, NotOffered, OutcomeView};
use leptos::prelude::*;
use msmp::catalog::game_rule_bounds;
use msmp::from_json::FromJson;
use msmp::jsonrpc::json_text;
use msmp::model::Slice;
use msmp::to_json::ToJson;
use msmp::types::{GameRuleType, GameRuleValue, TypedGameRule, UntypedGameRule};
use std::sync::Arc;

const UPDATE: &str = "minecraft:gamerules/update";

fn group_label(g: RuleGroup) -> &'static str {
    let s = t();
    match g {
        RuleGroup::Players => s.rules_group_players,
        RuleGroup::Mobs => s.rules_group_mobs,
        RuleGroup::World => s.rules_group_world,
        RuleGroup::Drops => s.rules_group_drops,
        RuleGroup::Chat => s.rules_group_chat,
    }
}

/// The form's text and checkbox for a rule's value.
fn shown(v: &GameRuleValue) -> (String, bool) {
    (v.display(), v.as_bool().unwrap_or(false))
}

/// One rule's part of the form.
#[derive(Clone)]
struct Rule {
    key: Arc<str>,
    group: RuleGroup,
    /// The server's rule, followed live.
    current: Memo<Option<TypedGameRule>>,
    draft: Draft,
    action: Action,
}

impl Rule {
    fn new(session: Session, key: String) -> Rule {
        let key: Arc<str> = key.into();
        let k = key.clone();
        let current = Memo::new(move |_| {
            session.model.with(Slice::GameRules, |m| {
                m.game_rules.iter().find(|r| *r.key == *k).cloned()
            })
        });
        Rule {
            group: group_of(&key),
            key,
            current,
            draft: Draft::following(move || current.get().map(|r| shown(&r.value))),
            action: Action::new(),
        }
    }

    fn changed(&self) -> bool {
        let Draft { text, checked } = self.draft;
        self.current.with(|c| {
            c.as_ref().is_some_and(|r| match r.kind {
                GameRuleType::Boolean => r.value.as_bool() != Some(checked.get()),
                _ => text.with(|t| t.trim() != r.value.display()),
            })
        })
    }

    fn matches(&self, needle: &str) -> bool {
        needle.is_empty()
            || fold(&self.key).contains(needle)
            || fold(group_label(self.group)).contains(needle)
    }
}

#[component]
pub fn GameRules() -> impl IntoView {
    let session = expect_context::<Session>();
    let search = RwSignal::new(String::new());
    let needle = Memo::new(move |_| fold(search.get().trim()));
    // Rebuilt only when the set of rules changes (a sync), not when a value does.
    let keys = Memo::new(move |_| {
        session.model.with(Slice::GameRules, |m| {
            m.game_rules
                .iter()
                .map(|r| r.key.clone())
                .collect::<Vec<String>>()
        })
    });
    let rules = StoredValue::new(Vec::<Rule>::new());
    let built = RwSignal::new(0u32);
    let changed = Memo::new(move |_| {
        built.track();
        rules.with_value(|rs| rs.iter().filter(|r| r.changed()).count())
    });
    let busy = move || {
        built.track();
        rules.with_value(|rs| rs.iter().any(|r| r.action.busy.get()))
    };
    let note = Action::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edited: Vec<Rule> =
            rules.with_value(|rs| rs.iter().filter(|r| r.changed()).cloned().collect());
        if edited.is_empty() {
            return note.invalid(t().rules_none_changed);
        }
        note.outcome.set(None);
        // Nothing is sent while any value is wrong: each says what is wrong with it.
        let mut calls = Vec::new();
        for r in &edited {
            r.action.outcome.set(None);
            let Some(current) = r.current.get_untracked() else {
                continue;
            };
            // Answer in the form the server used: 1.x sends values as strings.
            let typed = !matches!(current.value, GameRuleValue::Text(_));
            match encode(
                &current,
                &r.draft.text.get_untracked(),
                r.draft.checked.get_untracked(),
                typed,
            ) {
                Ok(value) => calls.push((r.clone(), value)),
                Err(e) => r.action.invalid(e),
            }
        }
        if calls.len() < edited.len() {
            return;
        }
        for (r, value) in calls {
            let param = Some(
                UntypedGameRule {
                    key: r.key.to_string(),
                    value,
                }
                .to_json(),
            );
            let draft = r.draft;
            r.action.run(session, UPDATE, param, move |v| {
                TypedGameRule::from_json(v)
                    .map(|kept| {
                        // The form shows the value the server kept.
                        draft.show(shown(&kept.value));
                        fill(t().saved_value, &[&kept.value.display()])
                    })
                    .unwrap_or_else(|_| json_text(v))
            });
        }
    };
    let discard = move |_| {
        note.outcome.set(None);
        rules.with_value(|rs| {
            for r in rs {
                r.action.outcome.set(None);
                if let Some(c) = r.current.get_untracked() {
                    r.draft.show(shown(&c.value));
                }
            }
        });
    };
    let any_match = move || {
        built.track();
        let n = needle.get();
        rules.with_value(|rs| rs.iter().any(|r| r.matches(&n)))
    };
    // A server without the getter (a bridge may lack it) says so, and has no form.
    let not_offered = unavailable(session, "minecraft:gamerules");
    view! {
        <NotOffered method="minecraft:gamerules"/>
        <form class="settings-form" aria-label=t().page_game_rules on:submit=submit novalidate
            hidden=move || not_offered.get().is_some()>
            <div class="savebar">
                <label>{t().rules_search_label}" "<input type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/></label>
                <button type="submit" disabled=busy>{move || fill(t().save_changes, &[&changed.get()])}</button>
                <button type="button" class="small" disabled=move || changed.get() == 0 on:click=discard>{t().discard_changes}</button>
                <OutcomeView action=note/>
            </div>
            {move || {
                let all: Vec<Rule> = keys.get().into_iter().map(|k| Rule::new(session, k)).collect();
                rules.set_value(all.clone());
                built.update(|b| *b += 1);
                each(RuleGroup::ALL, move |g| {
                    let members: Vec<Rule> = all.iter().filter(|r| r.group == g).cloned().collect();
                    let in_view = members.clone();
                    let heading = format!("rules-{g:?}");
                    (!members.is_empty()).then(|| view! {
                        <section class="card rule-group" aria-labelledby=heading.clone()
                            hidden=move || { let n = needle.get(); !in_view.iter().any(|r| r.matches(&n)) }>
                            <h3 id=heading.clone()>{group_label(g)}</h3>
                            <div class="table-scroll"><table class="rules">
                                <thead><tr><th>{t().col_rule}</th><th>{t().col_type}</th><th>{t().col_value}</th></tr></thead>
                                <tbody>{each(members, move |r| view! { <RuleRow rule=r needle=needle/> })}</tbody>
                            </table></div>
                        </section>
                    })
                })
            }}
            {show(move || !any_match(), move || view! {<p>{t().no_rules}</p>})}
        </form>
    }
}

/// One rule: its control follows the server's value until edited.
#[component]
fn RuleRow(rule: Rule, needle: Memo<String>) -> impl IntoView {
    let Draft { text, checked } = rule.draft;
    let current = rule.current;
    let is_bool =
        move || current.with(|r| r.as_ref().is_some_and(|r| r.kind == GameRuleType::Boolean));
    let limits = {
        let key = rule.key.clone();
        move || {
            let typed = current.with(|r| {
                r.as_ref()
                    .is_some_and(|r| !matches!(r.value, GameRuleValue::Text(_)))
            });
            bounds(&key, typed)
        }
    };
    let (label, label2) = (rule.key.to_string(), rule.key.to_string());
    let (r1, r2, r3) = (rule.clone(), rule.clone(), rule.clone());
    let (key, name, action) = (rule.key.to_string(), rule.key.to_string(), rule.action);
    view! {
        <tr role="group" aria-label=name class:changed=move || r1.changed()
            hidden=move || !r2.matches(&needle.get())>
            <td><code>{key}</code></td>
            <td>{move || current.with(|r| r.as_ref().map(|r| r.kind.as_str().to_string()).unwrap_or_default())}</td>
            <td>
                {show_or(is_bool,
                    move || view! { <label class="hit"><input type="checkbox" aria-label=label.clone() prop:checked=move || checked.get() on:change=move |ev| checked.set(event_target_checked(&ev))/></label> },
                    move || {
                        let (min, max) = limits();
                        view! { <input type="number" step="1" min=min max=max aria-label=label2.clone() prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }
                    })}
                {move || r3.changed().then(|| view! { <span class="hint changed">{t().setting_changed}</span> })}
                <OutcomeView action=action/>
            </td>
        </tr>
    }
}

/// The whole numbers a rule takes: 1.21.11's limits when typed (2.0.0+; the schema does not
/// state them), any 32-bit value in 1.x.
fn bounds(key: &str, typed: bool) -> (i64, i64) {
    if typed {
        game_rule_bounds(key)
    } else {
        (i32::MIN.into(), i32::MAX.into())
    }
}

/// The value to send: typed in 2.0.0+, a string in 1.x.
fn encode(
    rule: &TypedGameRule,
    text: &str,
    checked: bool,
    typed: bool,
) -> Result<GameRuleValue, String> {
    match rule.kind {
        GameRuleType::Boolean if typed => Ok(GameRuleValue::Bool(checked)),
        GameRuleType::Boolean => Ok(GameRuleValue::Text(checked.to_string())),
        _ => {
            let n: i64 = text
                .trim()
                .parse()
                .map_err(|_| fill(t().not_a_whole_number, &[&text]))?;
            let (min, max) = bounds(&rule.key, typed);
            if !(min..=max).contains(&n) {
                return Err(fill(t().number_out_of_range, &[&min, &max]));
            }
            Ok(if typed {
                GameRuleValue::Int(n)
            } else {
                GameRuleValue::Text(n.to_string())
            })
        }
    }
}
