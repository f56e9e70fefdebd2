//! The Players page's words in each language. Kept with the page (in its chunk) rather
//! than in the start bundle's tables; a struct literal per language, so a missing key
//! does not compile.

use crate::i18n::by_lang;
use crate::logic::players::Act;

pub struct Texts {
    pub online_heading: &'static str,
    pub col_name: &'static str,
    pub col_uuid: &'static str,
    pub col_since: &'static str,
    pub col_operator: &'static str,
    pub col_allowlisted: &'static str,
    pub col_banned: &'static str,
    pub col_actions: &'static str,
    pub since_before: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub level: &'static str,
    pub copy: &'static str,
    pub details_of: &'static str,
    pub actions_of: &'static str,
    pub with_selected: &'static str,
    /// Per [`Act`]: a row's button ("Ban {}"), the selection's button, the form's
    /// heading, the question, the confirming button, and what it came to.
    pub acts: [ActTexts; 7],
    pub took_none: &'static str,
    pub message_label: &'static str,
    pub close: &'static str,
    pub detail_heading: &'static str,
    pub detail_find: &'static str,
    pub detail_show: &'static str,
    pub detail_online: &'static str,
    pub detail_offline: &'static str,
    pub detail_events: &'static str,
    pub detail_no_events: &'static str,
    pub ban_reason: &'static str,
    pub ban_expires: &'static str,
}

pub struct ActTexts {
    pub row: &'static str,
    pub selected: &'static str,
    pub heading: &'static str,
    pub question: &'static str,
    pub yes: &'static str,
    pub took: &'static str,
}

pub fn texts() -> &'static Texts {
    by_lang(&EN, &ZH)
}

pub fn act_texts(act: Act) -> &'static ActTexts {
    &texts().acts[act as usize]
}

const fn act(
    row: &'static str,
    selected: &'static str,
    heading: &'static str,
    question: &'static str,
    yes: &'static str,
    took: &'static str,
) -> ActTexts {
    ActTexts {
        row,
        selected,
        heading,
        question,
        yes,
        took,
    }
}

static EN: Texts = Texts {
    online_heading: "Players online",
    col_name: "Name",
    col_uuid: "UUID",
    col_since: "Online since",
    col_operator: "Operator",
    col_allowlisted: "Allowlisted",
    col_banned: "Banned",
    col_actions: "Actions",
    since_before: "before the panel connected",
    yes: "yes",
    no: "no",
    level: "level {}",
    copy: "Copy",
    details_of: "Details of {}",
    actions_of: "Actions for {}",
    with_selected: "With the selected players",
    acts: [
        act(
            "Kick {}",
            "Kick selected",
            "Kick players",
            "Kick {}?",
            "Yes, kick",
            "Kicked: {}",
        ),
        act(
            "Ban {}",
            "Ban selected",
            "Ban players",
            "Ban {}?",
            "Yes, ban",
            "Banned: {}",
        ),
        act(
            "Ban IP of {}",
            "Ban IPs of selected",
            "Ban players' IP addresses",
            "Ban the IP address of {}?",
            "Yes, ban the IP",
            "IP address banned: {}",
        ),
        act(
            "Add {} to the allowlist",
            "Allowlist selected",
            "Add to the allowlist",
            "",
            "",
            "On the allowlist: {}",
        ),
        act(
            "Remove {} from the allowlist",
            "Remove selected from the allowlist",
            "Remove from the allowlist",
            "Remove {} from the allowlist?",
            "Yes, remove",
            "Off the allowlist: {}",
        ),
        act(
            "Make {} operator",
            "Make selected operators",
            "Make operators",
            "",
            "",
            "Operators now: {}",
        ),
        act(
            "Remove {} as operator",
            "Remove selected as operators",
            "Remove operators",
            "Remove {} as operator?",
            "Yes, remove",
            "No longer operators: {}",
        ),
    ],
    took_none: "The server changed nothing: {} no longer online or unknown to it.",
    message_label: "Kick message (optional)",
    close: "Close",
    detail_heading: "Player details",
    detail_find: "Name or UUID of any player",
    detail_show: "Show",
    detail_online: "Online since {}",
    detail_offline: "Not online",
    detail_events: "Events involving them since the panel connected",
    detail_no_events: "No events involve them yet.",
    ban_reason: "Banned: {}",
    ban_expires: "until {}",
};

static ZH: Texts = Texts {
    online_heading: "在线玩家",
    col_name: "名称",
    col_uuid: "UUID",
    col_since: "上线时间",
    col_operator: "管理员",
    col_allowlisted: "白名单",
    col_banned: "封禁",
    col_actions: "操作",
    since_before: "面板连接之前",
    yes: "是",
    no: "否",
    level: "等级 {}",
    copy: "复制",
    details_of: "{} 的详情",
    actions_of: "对 {} 的操作",
    with_selected: "对所选玩家",
    acts: [
        act(
            "踢出 {}",
            "踢出所选玩家",
            "踢出玩家",
            "要踢出 {} 吗？",
            "是，踢出",
            "已踢出：{}",
        ),
        act(
            "封禁 {}",
            "封禁所选玩家",
            "封禁玩家",
            "要封禁 {} 吗？",
            "是，封禁",
            "已封禁：{}",
        ),
        act(
            "封禁 {} 的 IP",
            "封禁所选玩家的 IP",
            "封禁玩家的 IP 地址",
            "要封禁 {} 的 IP 地址吗？",
            "是，封禁 IP",
            "已封禁 IP 地址：{}",
        ),
        act(
            "将 {} 加入白名单",
            "将所选玩家加入白名单",
            "加入白名单",
            "",
            "",
            "已在白名单中：{}",
        ),
        act(
            "将 {} 移出白名单",
            "将所选玩家移出白名单",
            "移出白名单",
            "要将 {} 移出白名单吗？",
            "是，移除",
            "已移出白名单：{}",
        ),
        act(
            "设 {} 为管理员",
            "设所选玩家为管理员",
            "设为管理员",
            "",
            "",
            "现为管理员：{}",
        ),
        act(
            "取消 {} 的管理员",
            "取消所选玩家的管理员",
            "取消管理员",
            "要取消 {} 的管理员身份吗？",
            "是，取消",
            "已不再是管理员：{}",
        ),
    ],
    took_none: "服务器没有任何更改：{} 已不在线或服务器不认识。",
    message_label: "踢出消息（可选）",
    close: "关闭",
    detail_heading: "玩家详情",
    detail_find: "任意玩家的名称或 UUID",
    detail_show: "显示",
    detail_online: "自 {} 起在线",
    detail_offline: "不在线",
    detail_events: "面板连接以来与其相关的事件",
    detail_no_events: "暂无与其相关的事件。",
    ban_reason: "已封禁：{}",
    ban_expires: "至 {}",
};
