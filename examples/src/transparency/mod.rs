//! The month job's figures: attribute every deal, total credits per rep, team and currency with
//! exact decimals (never adding different currencies), check that every deal balances, cross-check
//! the batch path, and pick the deals worth a closer look. Rendering lives in [`html`] and
//! [`text`].

pub mod html;
pub mod locks;
pub mod text;

use crate::sample::{DealRecord, Month};
use rust_decimal::Decimal;
use salesrules::attribution::batch::{BatchRunner, DealBatch};
use salesrules::attribution::{AttributeRequest, AttributeResponse, Step};
use salesrules::graph::{KeyInfluencersRequest, KeyInfluencersResponse};
use salesrules::report::{CustomerInfo, HeatmapAxis, RepInfo, TransparencyReportRequest};
use salesrules::{Engine, Error, Model};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// Amounts per currency code. Keys are never mixed: CNY is only ever added to CNY.
pub type PerCurrency = BTreeMap<String, Decimal>;

/// Add `amount` (a decimal string from the engine) to `totals[currency]`.
fn add(totals: &mut PerCurrency, currency: &str, amount: &str) -> Result<(), Error> {
    let d = parse_amount(amount)?;
    *totals.entry(currency.to_string()).or_default() += d;
    Ok(())
}

fn parse_amount(amount: &str) -> Result<Decimal, Error> {
    Decimal::from_str(amount).map_err(|e| {
        Error::invalid_request(
            "amount",
            format!("engine returned {amount:?}, not a decimal: {e}"),
        )
    })
}

/// Every deal of a month attributed with the role-weighted model (with explanations).
#[derive(Debug, Clone)]
pub struct MonthRun<'m> {
    /// The month.
    pub month: &'m Month,
    /// One request per deal, in deal order.
    pub requests: Vec<AttributeRequest>,
    /// One response per deal, in deal order.
    pub responses: Vec<AttributeResponse>,
    /// Fingerprint of the policy that produced every response.
    pub fingerprint: String,
}

impl<'m> MonthRun<'m> {
    /// Attribute every deal through the typed API with the role-weighted model.
    pub fn attribute(engine: &Engine, month: &'m Month) -> Result<MonthRun<'m>, Error> {
        let mut requests = month.attribute_requests();
        for r in &mut requests {
            r.model = Some(Model::RoleWeighted);
        }
        let responses = requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                engine
                    .attribute(r)
                    .map_err(|e| e.within(&format!("deals[{i}]")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MonthRun {
            month,
            requests,
            responses,
            fingerprint: engine.fingerprint().to_string(),
        })
    }

    /// The `transparency_report` request for this month: every deal, the reps with their names
    /// and teams, the customers' names, the sample appeals, the top 20 CNY deals with weekly heatmaps
    /// (the sample's touches carry no stage); data only (the
    /// month job renders the sections into its own report).
    pub fn report_request(&self) -> TransparencyReportRequest {
        let team = |id: &str| {
            self.month
                .team(id)
                .map_or_else(|| id.to_string(), |t| format!("{} {}", t.name, t.name_zh))
        };
        TransparencyReportRequest {
            period: Some(self.month.period.clone()),
            deals: self.requests.clone(),
            appeals: locks::report_appeals(self),
            reps: self
                .month
                .reps
                .iter()
                .map(|r| RepInfo {
                    id: r.id.clone(),
                    name: Some(r.name.clone()),
                    team: Some(team(&r.team)),
                })
                .collect(),
            customers: self
                .month
                .customers
                .iter()
                .map(|c| CustomerInfo {
                    id: c.id.clone(),
                    name: c.name.clone(),
                })
                .collect(),
            top: Some(20),
            currency: Some("CNY".into()),
            influencers: Some(3),
            heatmap_by: HeatmapAxis::Week,
            formats: Vec::new(),
        }
    }

    /// The generated record of deal `i`.
    pub fn record(&self, i: usize) -> Option<&'m DealRecord> {
        self.month.deals.get(i)
    }

    /// Contract amounts per currency.
    pub fn booked(&self) -> Result<PerCurrency, Error> {
        let mut t = PerCurrency::new();
        for r in &self.responses {
            add(&mut t, &r.currency, &r.amount)?;
        }
        Ok(t)
    }

    /// Paid credits per rep and currency.
    pub fn rep_totals(&self) -> Result<BTreeMap<String, PerCurrency>, Error> {
        let mut t: BTreeMap<String, PerCurrency> = BTreeMap::new();
        for r in &self.responses {
            for c in &r.credits {
                add(t.entry(c.rep.clone()).or_default(), &r.currency, &c.amount)?;
            }
        }
        Ok(t)
    }

    /// Number of deals in which each rep has a paid credit.
    pub fn rep_deal_counts(&self) -> BTreeMap<String, usize> {
        let mut t = BTreeMap::new();
        for r in &self.responses {
            for c in &r.credits {
                *t.entry(c.rep.clone()).or_insert(0) += 1;
            }
        }
        t
    }

    /// Paid credits per team (the team of the credited rep) and currency.
    pub fn team_totals(&self) -> Result<BTreeMap<String, PerCurrency>, Error> {
        let mut t: BTreeMap<String, PerCurrency> = BTreeMap::new();
        for (rep, amounts) in self.rep_totals()? {
            let team = self
                .month
                .rep(&rep)
                .map_or("(unknown)", |r| r.team.as_str());
            let entry = t.entry(team.to_string()).or_default();
            for (cur, a) in amounts {
                *entry.entry(cur).or_default() += a;
            }
        }
        Ok(t)
    }

    /// Unassigned amounts per currency.
    pub fn unassigned(&self) -> Result<PerCurrency, Error> {
        let mut t = PerCurrency::new();
        for r in &self.responses {
            add(&mut t, &r.currency, &r.unassigned.amount)?;
        }
        Ok(t)
    }

    /// Locked amounts per currency.
    pub fn locked(&self) -> Result<PerCurrency, Error> {
        let mut t = PerCurrency::new();
        for r in &self.responses {
            for l in &r.locked {
                add(&mut t, &r.currency, &l.amount)?;
            }
        }
        Ok(t)
    }

    /// Check, deal by deal with exact decimals, that credits + locked + unassigned equal the
    /// amount of the request.
    pub fn balance(&self) -> Balance {
        let mut failures = Vec::new();
        for (req, resp) in self.requests.iter().zip(&self.responses) {
            if !balances(req, resp) {
                failures.push(resp.deal_id.clone());
            }
        }
        if self.requests.len() != self.responses.len() {
            failures.push("(response count differs from request count)".into());
        }
        Balance {
            checked: self.responses.len(),
            failures,
        }
    }

    /// Indices of CNY deals, largest first (ties: deal id). Amounts in other currencies are not
    /// converted, so they are not ranked against CNY.
    pub fn largest(&self, currency: &str, n: usize) -> Vec<usize> {
        let mut idx: Vec<(Decimal, &str, usize)> = self
            .responses
            .iter()
            .enumerate()
            .filter(|(_, r)| r.currency == currency)
            .filter_map(|(i, r)| Some((parse_amount(&r.amount).ok()?, r.deal_id.as_str(), i)))
            .collect();
        idx.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        idx.into_iter().take(n).map(|x| x.2).collect()
    }

    /// Three deals worth comparing across models: the largest CNY deal that changed hands after
    /// a silent period without a handover; the largest where no rule was met (fallback); and
    /// the one split between the most reps. Each with a one-line reason.
    pub fn interesting(&self) -> Vec<(usize, String)> {
        let by_size = self.largest("CNY", usize::MAX);
        let mut picked: Vec<(usize, String)> = Vec::new();
        let free = |picked: &Vec<(usize, String)>, i: usize| picked.iter().all(|p| p.0 != i);
        let gap = by_size.iter().copied().find(|&i| {
            self.record(i)
                .and_then(|d| d.silent_gap.as_ref())
                .is_some_and(|g| g.handover == "none")
        });
        if let Some((i, g)) = gap.and_then(|i| Some((i, self.record(i)?.silent_gap.as_ref()?))) {
            picked.push((
                i,
                format!(
                    "silent period {} → {}: {} worked the account before, {} closed it, no handover confirmation",
                    date(&g.from.to_string()),
                    date(&g.to.to_string()),
                    g.previous_rep,
                    g.new_rep
                ),
            ));
        }
        let fallback = by_size.iter().copied().find(|&i| {
            free(&picked, i)
                && self.responses.get(i).is_some_and(|r| {
                    r.explanation
                        .iter()
                        .any(|s| matches!(s, Step::Fallback { .. }))
                })
        });
        if let Some(i) = fallback {
            picked.push((
                i,
                "no role-weighted rule was met, so the fallback model decided".into(),
            ));
        }
        let most_reps = by_size
            .iter()
            .copied()
            .filter(|&i| free(&picked, i))
            .max_by_key(|&i| {
                let reps = self.responses.get(i).map_or(0, |r| r.credits.len());
                (reps, std::cmp::Reverse(i))
            });
        if let Some(i) = most_reps {
            let n = self.responses.get(i).map_or(0, |r| r.credits.len());
            picked.push((i, format!("credit split between {n} reps")));
        }
        picked
    }
}

/// `YYYY-MM-DD` of an RFC 3339 string.
pub fn date(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 string.
pub fn minute(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => rfc3339.to_string(),
    }
}

fn balances(req: &AttributeRequest, resp: &AttributeResponse) -> bool {
    let parts = resp
        .credits
        .iter()
        .map(|c| c.amount.as_str())
        .chain(resp.locked.iter().map(|l| l.amount.as_str()))
        .chain(std::iter::once(resp.unassigned.amount.as_str()))
        .map(parse_amount)
        .try_fold(Decimal::ZERO, |acc, x| x.map(|x| acc + x));
    let amount = parse_amount(&resp.amount);
    match (parts, amount) {
        (Ok(sum), Ok(amount)) => {
            sum == amount && amount == req.deal.amount.decimal() && resp.deal_id == req.deal.id
        }
        _ => false,
    }
}

/// The result of the balance check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// Deals checked.
    pub checked: usize,
    /// Deals that do not balance (ids).
    pub failures: Vec<String>,
}

impl Balance {
    /// Every deal balances.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Per-rep and unassigned totals from the flat batch path, for comparison with the typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchTotals {
    /// Paid credits per rep and currency.
    pub reps: BTreeMap<String, PerCurrency>,
    /// Unassigned per currency.
    pub unassigned: PerCurrency,
    /// Locked by silent-period rules, per currency.
    pub locked: PerCurrency,
    /// Output lines (credits and unassigned parts).
    pub lines: usize,
}

/// Whether batch totals equal the typed path's, ignoring zero entries (the batch path writes
/// no line for a zero unassigned part; the typed path always reports one).
pub fn same_totals(
    batch: &BatchTotals,
    reps: &BTreeMap<String, PerCurrency>,
    unassigned: &PerCurrency,
) -> bool {
    let nonzero = |m: &PerCurrency| -> PerCurrency {
        m.iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|(c, a)| (c.clone(), *a))
            .collect()
    };
    let reps_nz = |m: &BTreeMap<String, PerCurrency>| -> BTreeMap<String, PerCurrency> {
        m.iter()
            .map(|(r, t)| (r.clone(), nonzero(t)))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    };
    reps_nz(&batch.reps) == reps_nz(reps) && nonzero(&batch.unassigned) == nonzero(unassigned)
}

/// Run the batch path (`DealBatch` + `BatchRunner`) over the same requests.
pub fn batch_totals(engine: &Engine, requests: &[AttributeRequest]) -> Result<BatchTotals, Error> {
    let batch = DealBatch::from_requests(engine, requests)?;
    let mut out = Vec::with_capacity(batch.touches.len() / 4);
    BatchRunner::new().run(
        engine,
        Model::RoleWeighted,
        &batch.deals,
        &batch.touches,
        &batch.handovers,
        &mut out,
    )?;
    let mut reps: BTreeMap<String, PerCurrency> = BTreeMap::new();
    let mut unassigned = PerCurrency::new();
    let mut locked = PerCurrency::new();
    for line in &out {
        let req = requests.get(line.deal as usize).ok_or_else(|| {
            Error::invalid_request(
                "batch",
                format!("batch line for unknown deal {}", line.deal),
            )
        })?;
        let currency = req.deal.currency.as_str();
        let units = engine.policy().minor_units(currency).unwrap_or(2);
        let amount = i128::try_from(line.amount_minor)
            .ok()
            .and_then(|m| Decimal::try_from_i128_with_scale(m, units).ok())
            .ok_or_else(|| Error::invalid_request("batch", "amount out of range"))?;
        let target = match line.rep.and_then(|r| batch.reps.get(r as usize)) {
            Some(_) if line.locked => &mut locked,
            Some(rep) => reps.entry(rep.clone()).or_default(),
            None => &mut unassigned,
        };
        *target.entry(currency.to_string()).or_default() += amount;
    }
    Ok(BatchTotals {
        reps,
        unassigned,
        locked,
        lines: out.len(),
    })
}

/// The deal attributed under every model, in [`Model::ALL`] order.
pub fn all_models(
    engine: &Engine,
    request: &AttributeRequest,
) -> Result<Vec<AttributeResponse>, Error> {
    Model::ALL
        .iter()
        .map(|m| {
            let mut r = request.clone();
            r.model = Some(*m);
            engine.attribute(&r)
        })
        .collect()
}

/// Reps credited under any of the responses, sorted.
pub fn reps_in(responses: &[AttributeResponse]) -> Vec<String> {
    let set: BTreeSet<&str> = responses
        .iter()
        .flat_map(|r| r.credits.iter().map(|c| c.rep.as_str()))
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// The top `n` influencers among a deal's contacts.
pub fn key_influencers(
    engine: &Engine,
    request: &AttributeRequest,
    n: usize,
) -> Result<KeyInfluencersResponse, Error> {
    engine.key_influencers(&KeyInfluencersRequest {
        contacts: request.contacts.clone(),
        touches: request.touches.clone(),
        relations: request.relations.clone(),
        top: Some(n),
        as_of: Some(request.deal.closed_at),
    })
}

/// Currencies in a stable display order: CNY first, then by code.
pub fn currencies<'a>(maps: impl IntoIterator<Item = &'a PerCurrency>) -> Vec<String> {
    let mut set: BTreeSet<&str> = BTreeSet::new();
    for m in maps {
        set.extend(m.keys().map(String::as_str));
    }
    let mut v: Vec<String> = set.into_iter().map(str::to_string).collect();
    v.sort_by_key(|c| (c != "CNY", c.clone()));
    v
}

pub use salesrules::report::markup::{grouped, grouped_str, percent};

/// A count with thousands separators: `2,000`.
pub fn grouped_count(n: usize) -> String {
    grouped(&Decimal::from(n))
}
