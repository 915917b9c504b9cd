//! Teams, reps and customers (with contacts and their reporting lines).

use super::names::{
    CITIES, FIRM_WORDS, FOREIGN_FIRMS, FOREIGN_SUFFIX, GIVEN, INDUSTRIES, OVERSEAS, SURNAMES,
    TEAMS, WESTERN_FIRST, WESTERN_LAST,
};
use super::{Customer, Rep, Rng, Team};
use salesrules::attribution::{Contact, Relation, RelationKind};

/// The organisation: teams and reps (sorted by id).
pub struct Org {
    pub teams: Vec<Team>,
    pub reps: Vec<Rep>,
}

impl Org {
    /// Reps of a team with a position.
    pub fn members(&self, team: &str, position: &str) -> Vec<&Rep> {
        self.reps
            .iter()
            .filter(|r| r.team == team && r.position == position)
            .collect()
    }

    /// Account managers of a team (who own accounts and leads); the supervisor when none.
    pub fn sellers(&self, team: &str) -> Vec<&Rep> {
        let am = self.members(team, "account_manager");
        if am.is_empty() {
            self.members(team, "supervisor")
        } else {
            am
        }
    }

    /// Teams weighted by headcount, for drawing which team a customer or lead belongs to.
    pub fn team_weights(&self) -> Vec<(&Team, u32)> {
        self.teams
            .iter()
            .map(|t| (t, t.members.len() as u32))
            .collect()
    }

    /// Draw a team by headcount.
    pub fn draw_team(&self, rng: &mut Rng) -> Option<&Team> {
        rng.weighted(&self.team_weights()).copied()
    }
}

/// 8 teams of uneven size, a supervisor and 1–2 presales engineers each, a backup per rep.
pub fn organisation(seed: u64, reps: usize) -> Org {
    let mut rng = Rng::derive(seed, "org", 0);
    let reps = reps.max(TEAMS.len() * 2);
    let base = reps / TEAMS.len();
    let mut sizes = vec![base; TEAMS.len()];
    for s in sizes.iter_mut().take(reps % TEAMS.len()) {
        *s += 1;
    }
    // Uneven teams: move a few heads around, keeping at least 2 per team.
    for _ in 0..TEAMS.len() {
        let (a, b) = (rng.index(TEAMS.len()), rng.index(TEAMS.len()));
        let moved = rng.range(0, 3) as usize;
        if let Some(from) = sizes.get(a).copied() {
            if a != b && from >= moved + 2 {
                sizes[a] -= moved;
                sizes[b] += moved;
            }
        }
    }
    let mut names = person_names(&mut rng, reps);
    let mut teams = Vec::new();
    let mut out = Vec::new();
    let mut next = 1;
    for ((id, name, name_zh, region), size) in TEAMS.iter().zip(sizes) {
        let ids: Vec<String> = (next..next + size).map(|n| format!("rep-{n:03}")).collect();
        next += size;
        let presales = if size >= 10 { 2 } else { 1 };
        for (k, rep) in ids.iter().enumerate() {
            let position = match k {
                0 => "supervisor",
                k if k <= presales => "presales",
                _ => "account_manager",
            };
            // The backup is the next colleague in the team (the last one backs up the first).
            let backup = ids.get((k + 1) % size).cloned().unwrap_or_default();
            out.push(Rep {
                id: rep.clone(),
                name: names.pop().unwrap_or_else(|| rep.clone()),
                team: (*id).into(),
                position: position.into(),
                backup,
            });
        }
        teams.push(Team {
            id: (*id).into(),
            name: (*name).into(),
            name_zh: (*name_zh).into(),
            region: (*region).into(),
            supervisor: ids.first().cloned().unwrap_or_default(),
            members: ids,
        });
    }
    Org { teams, reps: out }
}

/// Distinct Chinese names.
fn person_names(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut all: Vec<String> = SURNAMES
        .iter()
        .flat_map(|s| GIVEN.iter().map(move |g| format!("{s}{g}")))
        .collect();
    rng.shuffle(&mut all);
    all.truncate(n);
    all
}

fn contact_name(rng: &mut Rng, foreign: bool) -> String {
    if foreign {
        let first = rng.pick(&WESTERN_FIRST).copied().unwrap_or("Alex");
        let last = rng.pick(&WESTERN_LAST).copied().unwrap_or("Lee");
        format!("{first} {last}")
    } else {
        let s = rng.pick(&SURNAMES).copied().unwrap_or("王");
        let g = rng.pick(&GIVEN).copied().unwrap_or("伟");
        format!("{s}{g}")
    }
}

/// Company name of a customer or prospect.
pub fn company_name(rng: &mut Rng, foreign: bool) -> String {
    if foreign {
        let f = rng.pick(&FOREIGN_FIRMS).copied().unwrap_or("Atlas");
        let g = rng.pick(&FOREIGN_FIRMS).copied().unwrap_or("Vista");
        let s = rng.pick(&FOREIGN_SUFFIX).copied().unwrap_or("Ltd");
        format!("{f} {g} Trading {s}")
    } else {
        let c = rng.pick(&CITIES).copied().unwrap_or("上海");
        let w = rng.pick(&FIRM_WORDS).copied().unwrap_or("恒通");
        let i = rng.pick(&INDUSTRIES).copied().unwrap_or("机械");
        format!("{c}{w}{i}有限公司")
    }
}

/// Customers spread over the teams by headcount; overseas customers buy in USD or JPY.
pub fn customers(seed: u64, org: &Org, n: usize) -> Vec<Customer> {
    (0..n)
        .filter_map(|i| {
            let mut rng = Rng::derive(seed, "customer", i as u64);
            let team = org.draw_team(&mut rng)?;
            let foreign = team.id == OVERSEAS;
            let currency = if foreign {
                if rng.chance(600) {
                    "USD"
                } else {
                    "JPY"
                }
            } else if rng.chance(30) {
                "USD"
            } else {
                "CNY"
            };
            let owner = rng.pick(&org.sellers(&team.id))?.id.clone();
            let id = format!("C-{:04}", i + 1);
            let contacts = contacts(&mut rng, &id, foreign);
            let relations = relations(&mut rng, &contacts);
            Some(Customer {
                name: company_name(&mut rng, foreign),
                id,
                team: team.id.clone(),
                owner,
                currency: currency.into(),
                contacts,
                relations,
            })
        })
        .collect()
}

/// 3–6 contacts; most customers have the three decision roles of the attribution rules.
fn contacts(rng: &mut Rng, customer: &str, foreign: bool) -> Vec<Contact> {
    let want = rng.range(3, 6) as usize;
    let mut roles: Vec<&str> = Vec::new();
    for (role, per_mille) in [
        ("technical_director", 800),
        ("procurement_director", 750),
        ("cfo", 700),
    ] {
        if rng.chance(per_mille) {
            roles.push(role);
        }
    }
    const OTHERS: [&str; 7] = ["ceo", "cto", "finance", "user", "user", "other", "ceo"];
    while roles.len() < want {
        let r = rng.pick(&OTHERS).copied().unwrap_or("user");
        let unique = !matches!(r, "user" | "other");
        if !(unique && roles.contains(&r)) {
            roles.push(r);
        }
    }
    roles
        .into_iter()
        .enumerate()
        .map(|(k, role)| Contact {
            id: format!("{customer}-P{}", k + 1),
            role: role.into(),
            name: Some(contact_name(rng, foreign)),
        })
        .collect()
}

/// Where a role reports to, in order of preference. Reporting lines only go up this ladder,
/// so they never form a cycle.
fn managers(role: &str) -> &'static [&'static str] {
    match role {
        "cfo" | "cto" => &["ceo"],
        "technical_director" => &["cto", "ceo"],
        "procurement_director" => &["cfo", "ceo"],
        "finance" => &["cfo", "ceo"],
        "user" => &["technical_director", "cto"],
        "other" => &["procurement_director", "ceo"],
        _ => &[],
    }
}

/// Who a role typically sways.
fn sways(role: &str) -> &'static [&'static str] {
    match role {
        "user" => &["technical_director"],
        "technical_director" => &["procurement_director", "cfo"],
        "cto" => &["cfo"],
        "finance" => &["procurement_director"],
        _ => &[],
    }
}

fn relations(rng: &mut Rng, contacts: &[Contact]) -> Vec<Relation> {
    let first_with = |role: &str| contacts.iter().find(|c| c.role == role);
    let mut out = Vec::new();
    for c in contacts {
        let boss = managers(&c.role).iter().find_map(|r| first_with(r));
        if let Some(b) = boss.filter(|b| b.id != c.id) {
            if rng.chance(850) {
                out.push(Relation {
                    from: c.id.clone(),
                    to: b.id.clone(),
                    kind: RelationKind::ReportsTo,
                });
            }
        }
        for target in sways(&c.role).iter().filter_map(|r| first_with(r)) {
            if target.id != c.id && rng.chance(450) {
                out.push(Relation {
                    from: c.id.clone(),
                    to: target.id.clone(),
                    kind: RelationKind::Influences,
                });
            }
        }
    }
    out
}
