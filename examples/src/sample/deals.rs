//! Deals and their touch histories: demos with technical directors, email rounds with
//! procurement, a CFO sign-off near close, silent gaps where a new rep picks the account up.

use super::clock::{business_hours, instant, rfc3339, DAY, HOUR};
use super::names::KEY_ACCOUNTS;
use super::org::Org;
use super::{Customer, DealRecord, Rng, SilentGap, Size};
use salesrules::attribution::{Contact, Deal, Handover, Signals, Touch};
use salesrules::money::Amount;

/// Deals closed between `month.0` and `month.1` (Unix seconds), one customer each; about one
/// customer in five closes two.
pub fn deals(
    seed: u64,
    org: &Org,
    customers: &[Customer],
    size: Size,
    month: (i64, i64),
) -> Vec<DealRecord> {
    (0..size.deals)
        .filter_map(|i| {
            let mut rng = Rng::derive(seed, "deal", i as u64);
            let customer = if i < customers.len() {
                customers.get(i)
            } else {
                rng.pick(customers)
            }?;
            Some(deal(
                &mut rng,
                i,
                org,
                customer,
                size.touches_per_deal,
                month,
            ))
        })
        .collect()
}

/// Who works a deal and how the history is shaped.
struct Cast<'a> {
    owner: &'a str,
    presales: Option<&'a str>,
    helper: Option<&'a str>,
    /// (previous rep, gap in days, cut in per mille of the touches' positions).
    gap: Option<(&'a str, i64, i64)>,
}

/// A touch before its time is fixed: position in the history in per mille (1000 = close).
struct Planned<'a> {
    contact: &'a Contact,
    kind: &'static str,
    position: i64,
}

fn deal(
    rng: &mut Rng,
    i: usize,
    org: &Org,
    customer: &Customer,
    touches_per_deal: usize,
    month: (i64, i64),
) -> DealRecord {
    let days_in_month = (month.1 - month.0) / DAY;
    let close = business_hours(
        month.0 + rng.range(0, days_in_month - 1) * DAY,
        rng.range(0, 599),
    );
    let span_days = rng.range(40, 180);
    let cast = cast(rng, org, customer, span_days);
    let mean = touches_per_deal as i64;
    let n = rng.range((mean - 8).max(1), mean + 8) as usize;
    // About one deal in a hundred is a repeat order booked without any logged touch: the
    // engine leaves it unassigned.
    let plan = if rng.chance(10) {
        Vec::new()
    } else {
        plan(rng, customer, n)
    };
    let staged = rng.chance(800);
    let start = close - span_days * DAY;
    let mut touches: Vec<Touch> = plan
        .iter()
        .map(|p| {
            let at = time_of(rng, p.position, start, close, cast.gap);
            Touch {
                rep: rep_for(rng, &cast, p),
                contact: p.contact.id.clone(),
                kind: p.kind.into(),
                at: instant(at),
                stage: staged.then(|| stage(p.position).into()),
                signals: signals(rng, p.kind),
            }
        })
        .collect();
    // A few follow-ups after close: the engine must ignore them.
    if rng.chance(40) {
        if let Some(c) = rng.pick(&customer.contacts) {
            touches.push(Touch {
                rep: cast.owner.into(),
                contact: c.id.clone(),
                kind: "wechat".into(),
                at: instant(close + rng.range(1, 5) * DAY),
                stage: None,
                signals: None,
            });
        }
    }
    touches.sort_by(|a, b| (a.at, &a.rep, &a.contact).cmp(&(b.at, &b.rep, &b.contact)));
    let (handovers, silent_gap) = handover(rng, &cast, &touches, close);
    DealRecord {
        deal: Deal {
            id: format!("D-2603-{:04}", i + 1),
            customer_id: Some(customer.id.clone()),
            amount: amount(rng, &customer.currency, customer.team == KEY_ACCOUNTS),
            currency: customer.currency.clone(),
            closed_at: instant(close),
        },
        team: customer.team.clone(),
        owner: cast.owner.into(),
        touches,
        handovers,
        silent_gap,
    }
}

fn cast<'a>(rng: &mut Rng, org: &'a Org, customer: &'a Customer, span_days: i64) -> Cast<'a> {
    let team = customer.team.as_str();
    let presales = org.members(team, "presales");
    let sellers = org.sellers(team);
    let presales = rng
        .chance(550)
        .then(|| rng.pick(&presales).map(|r| r.id.as_str()))
        .flatten();
    let helper = match rng.below(10) {
        0 | 1 => org
            .members(team, "supervisor")
            .first()
            .map(|r| r.id.as_str()),
        2 => rng.pick(&sellers).map(|r| r.id.as_str()),
        _ => None,
    }
    .filter(|h| *h != customer.owner);
    let not_previous = |r: Option<&'a str>, gap: Option<(&str, i64, i64)>| {
        r.filter(|r| gap.is_none_or(|(p, _, _)| p != *r))
    };
    // About one deal in ten went quiet for a month or more before the current owner picked it
    // up from a colleague (who may have moved to another team).
    let gap = (span_days >= 80 && rng.chance(160))
        .then(|| {
            let pool = if rng.chance(700) {
                sellers.clone()
            } else {
                org.reps.iter().collect()
            };
            let previous = rng.pick(&pool).map(|r| r.id.as_str())?;
            (previous != customer.owner).then(|| (previous, rng.range(32, 60), rng.range(350, 650)))
        })
        .flatten();
    Cast {
        owner: customer.owner.as_str(),
        presales: not_previous(presales, gap),
        helper: not_previous(helper, gap),
        gap,
    }
}

fn role_contacts<'a>(customer: &'a Customer, role: &str) -> Vec<&'a Contact> {
    customer
        .contacts
        .iter()
        .filter(|c| c.role == role)
        .collect()
}

/// The deal's touches: scripted decision-maker touches, then ordinary traffic up to `n`.
fn plan<'a>(rng: &mut Rng, customer: &'a Customer, n: usize) -> Vec<Planned<'a>> {
    let mut plan = Vec::with_capacity(n + 1);
    if let Some(td) = role_contacts(customer, "technical_director").first() {
        let demos = *rng
            .weighted(&[(0, 10), (1, 15), (2, 35), (3, 25), (4, 15)])
            .unwrap_or(&2);
        for _ in 0..demos {
            plan.push(Planned {
                contact: td,
                kind: "demo",
                position: rng.range(200, 750),
            });
        }
    }
    if let Some(pd) = role_contacts(customer, "procurement_director").first() {
        let emails = *rng
            .weighted(&[(0, 5), (1, 10), (2, 20), (3, 25), (4, 20), (5, 12), (6, 8)])
            .unwrap_or(&3);
        for _ in 0..emails {
            plan.push(Planned {
                contact: pd,
                kind: "email",
                position: rng.range(500, 960),
            });
        }
    }
    if let Some(cfo) = role_contacts(customer, "cfo").first() {
        if rng.chance(800) {
            plan.push(Planned {
                contact: cfo,
                kind: "signoff",
                position: rng.range(965, 999),
            });
        }
    }
    while plan.len() < n {
        let Some(contact) = rng.pick(&customer.contacts) else {
            break;
        };
        plan.push(Planned {
            contact,
            kind: ordinary_kind(rng, &contact.role),
            position: rng.range(0, 990),
        });
    }
    plan
}

/// Kinds of everyday touches, by role.
fn ordinary_kind(rng: &mut Rng, role: &str) -> &'static str {
    let table: &[(&'static str, u32)] = match role {
        "technical_director" | "cto" => &[
            ("call", 30),
            ("meeting", 30),
            ("email", 20),
            ("visit", 10),
            ("wechat", 10),
        ],
        "procurement_director" => &[("call", 35), ("wechat", 30), ("meeting", 20), ("visit", 15)],
        "cfo" | "ceo" => &[("meeting", 45), ("visit", 30), ("call", 15), ("wechat", 10)],
        "finance" => &[("email", 40), ("call", 40), ("wechat", 20)],
        _ => &[
            ("call", 30),
            ("wechat", 30),
            ("visit", 20),
            ("email", 10),
            ("other", 10),
        ],
    };
    rng.weighted(table).copied().unwrap_or("call")
}

fn stage(position: i64) -> &'static str {
    match position {
        p if p < 300 => "lead",
        p if p < 700 => "opportunity",
        _ => "negotiation",
    }
}

/// Time of a touch at `position` (per mille of the history), in business hours, at or before
/// close; with a silent gap, positions before the cut land before it and the rest after it.
fn time_of(
    rng: &mut Rng,
    position: i64,
    start: i64,
    close: i64,
    gap: Option<(&str, i64, i64)>,
) -> i64 {
    let span = close - start;
    let raw = match gap {
        None => start + span * position / 1000,
        Some((_, gap_days, cut)) => {
            let active = span - gap_days * DAY;
            let before = active * cut / 1000;
            if position < cut {
                start + before * position / cut
            } else {
                start
                    + before
                    + gap_days * DAY
                    + (active - before) * (position - cut) / (1000 - cut)
            }
        }
    };
    let t = business_hours(raw, rng.range(0, 599));
    if t > close {
        close - rng.range(1, 120) * 60
    } else {
        t
    }
}

fn rep_for(rng: &mut Rng, cast: &Cast<'_>, p: &Planned<'_>) -> String {
    if let Some((previous, _, cut)) = cast.gap {
        if p.position < cut {
            return previous.into();
        }
    }
    let rep = match (p.kind, cast.presales, cast.helper) {
        ("demo", Some(pre), _) if rng.chance(650) => pre,
        (_, _, Some(h)) if rng.chance(200) => h,
        (_, Some(pre), _) if rng.chance(80) => pre,
        _ => cast.owner,
    };
    rep.into()
}

fn signals(rng: &mut Rng, kind: &str) -> Option<Signals> {
    match kind {
        "email" if rng.chance(300) => Some(Signals {
            proposal_downloaded: Some(rng.chance(700)),
            video_completion: None,
        }),
        "demo" if rng.chance(250) => Some(Signals {
            proposal_downloaded: None,
            video_completion: Some(rust_decimal::Decimal::new(rng.range(10, 100), 2)),
        }),
        _ => None,
    }
}

/// The handover confirmation (or its absence) after a silent gap, and the gap's ground truth.
fn handover(
    rng: &mut Rng,
    cast: &Cast<'_>,
    touches: &[Touch],
    close: i64,
) -> (Vec<Handover>, Option<SilentGap>) {
    let Some((previous, _, _)) = cast.gap else {
        return (Vec::new(), None);
    };
    // The silent period is the longest pause between consecutive touches before close.
    let before_close: Vec<&Touch> = touches
        .iter()
        .filter(|t| t.at.unix_seconds() <= close)
        .collect();
    let widest = before_close
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((b.at.unix_seconds() - a.at.unix_seconds(), *a, *b)),
            _ => None,
        })
        .max_by_key(|(pause, _, _)| *pause);
    let Some((_, from, to)) = widest.filter(|(pause, a, b)| *pause >= 30 * DAY && a.rep != b.rep)
    else {
        return (Vec::new(), None);
    };
    let new_rep = cast.owner.to_string();
    let (kind, at) = match rng.below(100) {
        0..=54 => ("confirmed", to.at.unix_seconds() - rng.range(2, 72) * HOUR),
        55..=64 => ("late", close + rng.range(2, 10) * DAY),
        _ => ("none", 0),
    };
    let handovers = if kind == "none" {
        Vec::new()
    } else {
        vec![Handover {
            from: previous.into(),
            to: new_rep.clone(),
            at: instant(at),
            evidence: Some(format!("crm-log-{}", &rfc3339(at)[..10])),
        }]
    };
    let gap = SilentGap {
        previous_rep: previous.into(),
        new_rep,
        from: from.at,
        to: to.at,
        handover: kind.into(),
    };
    (handovers, Some(gap))
}

/// Contract amount: log-spread 5k–5M CNY (key accounts larger), USD at ~1/7, JPY at ~20×.
fn amount(rng: &mut Rng, currency: &str, key_account: bool) -> Amount {
    const BANDS: [(i64, i64); 9] = [
        (5_000, 10_000),
        (10_000, 20_000),
        (20_000, 50_000),
        (50_000, 100_000),
        (100_000, 200_000),
        (200_000, 500_000),
        (500_000, 1_000_000),
        (1_000_000, 2_000_000),
        (2_000_000, 5_000_000),
    ];
    let weights: [u32; 9] = if key_account {
        [2, 4, 6, 10, 16, 22, 20, 12, 8]
    } else {
        [12, 14, 16, 16, 14, 12, 8, 5, 3]
    };
    let bands: Vec<(usize, u32)> = weights.iter().copied().enumerate().collect();
    let band = rng.weighted(&bands).copied().unwrap_or(3);
    let (lo, hi) = BANDS.get(band).copied().unwrap_or((50_000, 100_000));
    let yuan = rng.range(lo, hi);
    // Prices are usually round; some carry cents.
    let minor_cny = if rng.chance(300) {
        yuan * 100 + rng.range(0, 99)
    } else {
        (yuan - yuan % 100) * 100
    };
    let text = match currency {
        "USD" => {
            let c = minor_cny / 7;
            format!("{}.{:02}", c / 100, c % 100)
        }
        "JPY" => format!("{}", minor_cny / 100 * 20 / 1000 * 1000),
        _ => format!("{}.{:02}", minor_cny / 100, minor_cny % 100),
    };
    text.parse().unwrap_or_default()
}
