//! Word lists for names, companies and work-order text. Plain data; no logic.

/// A sales team: (id, English name, Chinese name, region code for tracking codes).
pub const TEAMS: [(&str, &str, &str, &str); 8] = [
    ("east", "East China", "华东大区", "SH"),
    ("north", "North China", "华北大区", "BJ"),
    ("south", "South China", "华南大区", "GZ"),
    ("central", "Central China", "华中大区", "WH"),
    ("southwest", "Southwest", "西南大区", "CD"),
    ("northeast", "Northeast", "东北大区", "SY"),
    ("key-accounts", "Key Accounts", "大客户部", "KA"),
    ("overseas", "Overseas", "海外业务部", "OS"),
];

/// Id of the team that sells abroad (USD/JPY deals).
pub const OVERSEAS: &str = "overseas";
/// Id of the team with the largest deals.
pub const KEY_ACCOUNTS: &str = "key-accounts";

pub const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

pub const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "雪梅", "俊杰", "文静",
    "子涵", "浩然", "雨婷", "嘉怡", "思远", "晨曦", "一鸣", "佳琪", "宇航", "梓萱", "欣怡",
];

pub const WESTERN_FIRST: [&str; 16] = [
    "Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hiro", "Ines", "James", "Kenji",
    "Laura", "Marco", "Nora", "Oliver", "Yuki",
];

pub const WESTERN_LAST: [&str; 16] = [
    "Schmidt", "Tanaka", "Smith", "Rossi", "Dubois", "Sato", "Müller", "Garcia", "Brown", "Suzuki",
    "Novak", "Jensen", "Walker", "Ito", "Keller", "Moreau",
];

pub const CITIES: [&str; 16] = [
    "上海", "苏州", "杭州", "宁波", "北京", "天津", "广州", "深圳", "东莞", "武汉", "长沙", "成都",
    "重庆", "沈阳", "大连", "青岛",
];

pub const FIRM_WORDS: [&str; 16] = [
    "精密", "恒通", "华瑞", "博远", "新材", "智联", "启航", "鼎盛", "中科", "瑞丰", "宏达", "天成",
    "汇能", "金桥", "云帆", "东方",
];

pub const INDUSTRIES: [&str; 10] = [
    "机械",
    "电子",
    "化工",
    "医疗器械",
    "汽车零部件",
    "物流",
    "食品",
    "新能源",
    "纺织",
    "建材",
];

pub const FOREIGN_FIRMS: [&str; 12] = [
    "Nordwind", "Sakura", "Pacific", "Alpine", "Meridian", "Kobe", "Lumen", "Baltic", "Osaka",
    "Harbor", "Vista", "Atlas",
];

pub const FOREIGN_SUFFIX: [&str; 5] = ["GmbH", "K.K.", "Ltd", "S.A.", "Inc."];

pub const LEAD_SOURCES: [&str; 5] = ["website", "trade_fair", "referral", "hotline", "wechat"];

/// Work-order demand types (SPEC 2D) with their receiving department head.
pub const DEMANDS: [(&str, &str); 4] = [
    ("delivery", "head-logistics"),
    ("price", "head-pricing"),
    ("customization", "head-engineering"),
    ("after_sales", "head-service"),
];

pub const IMPACT_SCOPES: [&str; 3] = ["single_order", "whole_category", "long_term_cooperation"];
pub const FEASIBILITY: [&str; 3] = ["feasible", "needs_evaluation", "not_feasible"];
pub const LEGAL_RISK: [&str; 3] = ["low", "medium", "high"];

/// Vague demands without a deadline or a number (the semantic check should ask for one).
pub const VAGUE_ZH: [&str; 8] = [
    "客户希望尽快交货",
    "客户要求马上处理质量投诉",
    "请务必及时安排工程师上门",
    "客户希望交期更快一些",
    "客户说价格方面尽早给答复",
    "加急处理这批订单，客户很着急",
    "客户希望尽快提供样品",
    "客户要求售后响应更及时",
];
pub const VAGUE_EN: [&str; 6] = [
    "customer wants faster delivery",
    "please handle the complaint ASAP",
    "customer needs the quote as soon as possible",
    "urgent: customer asks for an engineer on site",
    "customer expects a faster response from after-sales",
    "customer wants the samples urgently",
];

/// Concrete demands; `{d}` is a day of the month, `{n}` a quantity, `{h}` hours.
pub const CONCRETE_ZH: [&str; 6] = [
    "3月{d}日前交付{n}件",
    "{h}小时内完成现场检修",
    "4月{d}日前提供报价单及合同草稿",
    "本批{n}套设备于2026-04-{dd}前发货",
    "良品率提升至9{d2}%，三天内给出整改方案",
    "周五下班前确认{n}件定制图纸",
];
pub const CONCRETE_EN: [&str; 5] = [
    "deliver within {h} hours",
    "ship {n} units by March {d}",
    "send the revised quote by 2026-04-{dd}",
    "on-site repair within {h} hours of the call",
    "raise the on-time rate to 9{d2}% within 30 days",
];

/// Vague words whose clause also holds a deadline: satisfied.
pub const SATISFIED_ZH: [&str; 3] = [
    "请尽快安排，3月{d}日前交付{n}套",
    "加急：{h}小时内回复客户的技术问题",
    "务必在4月{d}日前完成安装调试",
];
pub const SATISFIED_EN: [&str; 2] = [
    "urgent: deliver {n} units within {h} hours",
    "please reply ASAP, by March {d} at the latest",
];

/// Negated urgency: not a vague demand.
pub const NEGATED_ZH: [&str; 2] = ["不急，月底前给到报价即可", "客户表示不急，下季度再安排培训"];
pub const NEGATED_EN: [&str; 2] = [
    "no rush, the customer will decide next quarter",
    "not urgent; training can wait until May",
];
