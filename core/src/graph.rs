//! The customer decision graph: contacts with roles, reps, touches (rep → contact) and contact
//! relations (`reports_to`, `influences`), on petgraph; and the key-influencer ranking.
//!
//! Influence is a weighted PageRank over contacts. A relation passes importance the way power
//! flows: `A reports_to B` passes A's importance up to B, `A influences B` credits A. The
//! random jump goes to contacts in proportion to role weight × (1 + engagement), engagement
//! being the policy weight of each touch they received. Scores are reproducible to the bit:
//! a fixed number of iterations in a fixed order, with plain IEEE arithmetic only.

use crate::attribution::{Contact, Relation, RelationKind, Touch};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A node of the decision graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A customer contact with a role.
    Contact {
        /// Contact id.
        id: String,
        /// Role.
        role: String,
    },
    /// A sales rep.
    Rep {
        /// Rep id.
        id: String,
    },
}

/// An edge of the decision graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edge {
    /// Rep → contact touch.
    Touch {
        /// Touch kind.
        kind: String,
    },
    /// Contact → contact relation.
    Relation(RelationKind),
}

/// The decision graph of one customer.
#[derive(Debug, Clone, Default)]
pub struct DecisionGraph {
    /// The petgraph graph.
    pub graph: DiGraph<Node, Edge>,
    /// Contact id → node.
    pub contacts: BTreeMap<String, NodeIndex>,
    /// Rep id → node.
    pub reps: BTreeMap<String, NodeIndex>,
}

impl DecisionGraph {
    /// Build the graph from validated contacts, touches and relations.
    pub fn build(contacts: &[Contact], touches: &[Touch], relations: &[Relation]) -> DecisionGraph {
        let mut g = DecisionGraph::default();
        let mut sorted: Vec<&Contact> = contacts.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        for c in sorted {
            let n = g.graph.add_node(Node::Contact {
                id: c.id.clone(),
                role: c.role.clone(),
            });
            g.contacts.insert(c.id.clone(), n);
        }
        let mut reps: Vec<&str> = touches.iter().map(|t| t.rep.as_str()).collect();
        reps.sort_unstable();
        reps.dedup();
        for r in reps {
            let n = g.graph.add_node(Node::Rep { id: r.to_string() });
            g.reps.insert(r.to_string(), n);
        }
        for t in touches {
            if let (Some(a), Some(b)) = (g.reps.get(&t.rep), g.contacts.get(&t.contact)) {
                g.graph.add_edge(
                    *a,
                    *b,
                    Edge::Touch {
                        kind: t.kind.clone(),
                    },
                );
            }
        }
        for r in relations {
            if let (Some(a), Some(b)) = (g.contacts.get(&r.from), g.contacts.get(&r.to)) {
                g.graph.add_edge(*a, *b, Edge::Relation(r.kind));
            }
        }
        g
    }
}

/// Check contacts (unique ids, known roles, limits) and index them: id → (position, role index).
pub(crate) fn index_contacts<'a>(
    engine: &Engine,
    contacts: &'a [Contact],
) -> Result<HashMap<&'a str, (usize, usize)>> {
    let policy = engine.policy();
    if contacts.len() > policy.limits.max_contacts {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "contacts",
            format!(
                "{} contacts exceed limits.max_contacts ({})",
                contacts.len(),
                policy.limits.max_contacts
            ),
        ));
    }
    let mut map = HashMap::with_capacity(contacts.len());
    for (i, c) in contacts.iter().enumerate() {
        if c.id.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("contacts[{i}].id"),
                "must not be empty",
            ));
        }
        let role = engine.role_index(&c.role).ok_or_else(|| {
            Error::invalid_request(
                format!("contacts[{i}].role"),
                format!(
                    "unknown role {:?}; the policy's roles are {}",
                    c.role,
                    policy.roles.join(", ")
                ),
            )
        })?;
        if map.insert(c.id.as_str(), (i, role)).is_some() {
            return Err(Error::invalid_request(
                format!("contacts[{i}].id"),
                format!(
                    "duplicate contact id {:?}; contact ids must be unique",
                    c.id
                ),
            ));
        }
    }
    Ok(map)
}

/// Check relations: known contacts, no self-relation, no `reports_to` cycle.
pub(crate) fn check_relations(
    engine: &Engine,
    contacts: &HashMap<&str, (usize, usize)>,
    relations: &[Relation],
) -> Result<()> {
    if relations.is_empty() {
        return Ok(());
    }
    let max = engine.policy().limits.max_relations;
    if relations.len() > max {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "relations",
            format!(
                "{} relations exceed limits.max_relations ({max})",
                relations.len()
            ),
        ));
    }
    let mut g: DiGraph<(), usize> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..contacts.len()).map(|_| g.add_node(())).collect();
    for (i, r) in relations.iter().enumerate() {
        let find = |field: &str, id: &str| {
            contacts.get(id).map(|x| x.0).ok_or_else(|| {
                Error::invalid_request(
                    format!("relations[{i}].{field}"),
                    format!("unknown contact {id:?}; relations must link listed contacts"),
                )
            })
        };
        let (a, b) = (find("from", &r.from)?, find("to", &r.to)?);
        if a == b {
            return Err(Error::invalid_request(
                format!("relations[{i}].to"),
                "a contact cannot relate to itself",
            ));
        }
        if r.kind == RelationKind::ReportsTo {
            if let (Some(na), Some(nb)) = (nodes.get(a), nodes.get(b)) {
                g.add_edge(*na, *nb, i);
            }
        }
    }
    if let Err(cycle) = petgraph::algo::toposort(&g, None) {
        let node = cycle.node_id();
        let idx = g.edges(node).next().map(|e| *e.weight()).unwrap_or(0);
        return Err(Error::invalid_request(
            format!("relations[{idx}]"),
            "reports_to relations form a cycle; a reporting line must end at someone who reports to nobody in the list",
        ));
    }
    Ok(())
}

/// Request of the `key_influencers` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyInfluencersRequest {
    /// The customer's contacts.
    pub contacts: Vec<Contact>,
    /// Touches on the customer.
    #[serde(default)]
    pub touches: Vec<Touch>,
    /// Contact relations.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// How many to return (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
    /// Only touches at or before this moment count (e.g. the deal's close); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<crate::time::Instant>,
}

/// One ranked contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Influencer {
    /// Rank, 1 = most influential.
    pub rank: usize,
    /// Contact id.
    pub contact: String,
    /// Role.
    pub role: String,
    /// Influence score; scores of all contacts sum to 1 (rounded to 6 decimals for display).
    pub score: String,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// Response of the `key_influencers` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfluencersResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// Contacts, most influential first (ties by contact id).
    pub influencers: Vec<Influencer>,
}

fn dec_f64(d: rust_decimal::Decimal) -> f64 {
    // Policy weights have at most 9 decimals: mantissa / 10^scale is exact enough and
    // computed the same way on every platform.
    let n = d.normalize();
    n.mantissa() as f64 / 10f64.powi(n.scale() as i32)
}

/// Rank contacts by weighted PageRank. Called by [`Engine::key_influencers`].
pub(crate) fn key_influencers(
    engine: &Engine,
    req: &KeyInfluencersRequest,
) -> Result<KeyInfluencersResponse> {
    let index = index_contacts(engine, &req.contacts)?;
    check_relations(engine, &index, &req.relations)?;
    for (i, t) in req.touches.iter().enumerate() {
        if !index.contains_key(t.contact.as_str()) {
            return Err(Error::invalid_request(
                format!("touches[{i}].contact"),
                format!(
                    "unknown contact {:?}; every touch's contact must be listed in contacts",
                    t.contact
                ),
            ));
        }
        if engine.kind_index(&t.kind).is_none() {
            return Err(Error::invalid_request(
                format!("touches[{i}].kind"),
                format!("unknown touch kind {:?}", t.kind),
            ));
        }
    }
    let policy = &engine.policy().influence;
    let touches: Vec<Touch> = match req.as_of {
        Some(limit) => req
            .touches
            .iter()
            .filter(|t| t.at <= limit)
            .cloned()
            .collect(),
        None => req.touches.clone(),
    };
    let g = DecisionGraph::build(&req.contacts, &touches, &req.relations);
    let ids: Vec<&String> = g.contacts.keys().collect();
    let pos: HashMap<NodeIndex, usize> = g
        .contacts
        .values()
        .enumerate()
        .map(|(i, n)| (*n, i))
        .collect();
    let n = ids.len();
    let mut engagement = vec![0f64; n];
    let mut touch_kinds: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); n];
    let mut touch_reps: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); n];
    for t in &touches {
        let Some(i) = g.contacts.get(&t.contact).and_then(|x| pos.get(x)).copied() else {
            continue;
        };
        let w = policy
            .touch_kind_weights
            .get(&t.kind)
            .copied()
            .map_or(1.0, dec_f64);
        if let Some(e) = engagement.get_mut(i) {
            *e += w;
        }
        if let Some(m) = touch_kinds.get_mut(i) {
            *m.entry(t.kind.as_str()).or_default() += 1;
        }
        if let Some(m) = touch_reps.get_mut(i) {
            *m.entry(t.rep.as_str()).or_default() += 1;
        }
    }
    let roles: Vec<&str> = g
        .contacts
        .values()
        .map(|nx| match g.graph.node_weight(*nx) {
            Some(Node::Contact { role, .. }) => role.as_str(),
            _ => "",
        })
        .collect();
    let mut jump: Vec<f64> = roles
        .iter()
        .zip(&engagement)
        .map(|(r, e)| policy.role_weights.get(*r).copied().map_or(1.0, dec_f64) * (1.0 + e))
        .collect();
    let sum: f64 = jump.iter().sum();
    if sum > 0.0 {
        jump.iter_mut().for_each(|x| *x /= sum);
    } else if n > 0 {
        jump.iter_mut().for_each(|x| *x = 1.0 / n as f64);
    }
    // Influence edges in the direction importance flows.
    let mut flows: Vec<(usize, usize)> = Vec::new();
    for e in g.graph.edge_references() {
        if let Edge::Relation(kind) = e.weight() {
            let (Some(a), Some(b)) = (pos.get(&e.source()), pos.get(&e.target())) else {
                continue;
            };
            flows.push(match kind {
                RelationKind::ReportsTo => (*a, *b),
                RelationKind::Influences => (*b, *a),
            });
        }
    }
    flows.sort_unstable();
    let mut out_degree = vec![0usize; n];
    for (a, _) in &flows {
        if let Some(d) = out_degree.get_mut(*a) {
            *d += 1;
        }
    }
    let d = dec_f64(policy.damping);
    let mut score = jump.clone();
    for _ in 0..policy.iterations {
        let dangling: f64 = score
            .iter()
            .zip(&out_degree)
            .filter(|(_, k)| **k == 0)
            .map(|(s, _)| *s)
            .sum();
        let mut next: Vec<f64> = jump
            .iter()
            .map(|j| (1.0 - d) * j + d * dangling * j)
            .collect();
        for (a, b) in &flows {
            let share = score.get(*a).copied().unwrap_or(0.0)
                / out_degree.get(*a).copied().unwrap_or(1).max(1) as f64;
            if let Some(x) = next.get_mut(*b) {
                *x += d * share;
            }
        }
        score = next;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| {
        let (sa, sb) = (
            score.get(*a).copied().unwrap_or(0.0),
            score.get(*b).copied().unwrap_or(0.0),
        );
        sb.total_cmp(&sa).then(ids.get(*a).cmp(&ids.get(*b)))
    });
    let top = req.top.unwrap_or(n).min(n);
    let influencers = order
        .iter()
        .take(top)
        .enumerate()
        .map(|(rank, i)| {
            let id = ids.get(*i).map(|s| s.as_str()).unwrap_or("");
            let role = roles.get(*i).copied().unwrap_or("");
            let mut reasons = vec![format!(
                "role {role} (weight {})",
                policy
                    .role_weights
                    .get(role)
                    .map_or("1".to_string(), |w| w.to_string())
            )];
            let kinds = touch_kinds.get(*i).cloned().unwrap_or_default();
            let reps = touch_reps.get(*i).cloned().unwrap_or_default();
            if !kinds.is_empty() {
                reasons.push(format!(
                    "{} touch(es) by {} rep(s): {}",
                    kinds.values().sum::<usize>(),
                    reps.len(),
                    kinds
                        .iter()
                        .map(|(k, c)| format!("{c} {k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let inbound: Vec<&str> = flows
                .iter()
                .filter(|(_, b)| b == i)
                .filter_map(|(a, _)| ids.get(*a).map(|s| s.as_str()))
                .collect();
            if !inbound.is_empty() {
                reasons.push(format!(
                    "backed by {} contact(s) through relations: {}",
                    inbound.len(),
                    inbound.join(", ")
                ));
            }
            Influencer {
                rank: rank + 1,
                contact: id.to_string(),
                role: role.to_string(),
                score: format!("{:.6}", score.get(*i).copied().unwrap_or(0.0)),
                reasons,
            }
        })
        .collect();
    Ok(KeyInfluencersResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        influencers,
    })
}
