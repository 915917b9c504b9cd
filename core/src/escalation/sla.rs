//! The generic SLA clock: start, pause/resume, stop and cancel events; escalation levels, each
//! a measured duration after the start of a cycle; a deterministic evaluation at `now`.
//!
//! Rules of the clock:
//! - Paused time never counts; with a business calendar, time outside working hours never counts.
//! - A `start` while the clock is in any state begins a new cycle with nothing elapsed, so a
//!   reopened item never escalates instantly. Actions of earlier cycles stay fired.
//! - An event at exactly a level's deadline wins: an answer at 2 h is on time. A level fires
//!   when its deadline is at or before `now` and no stopping event came at or before it.
//! - Each fired level is a [`Due`] with the stable id `"{timer}:{cycle}:{level}"` (1-based), so
//!   the host fires it once however often it evaluates.

use super::Measure;
use crate::calendar::CalendarError;
use crate::time::{Duration, Instant};
use serde::Serialize;

/// The state of a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// No start event yet.
    NotStarted,
    /// Time counts.
    Running,
    /// Waiting on someone else; time does not count.
    Paused,
    /// Stopped by the awaited event.
    Met,
    /// Stopped without the awaited event (withdrawn, closed).
    Cancelled,
}

impl ClockState {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClockState::NotStarted => "not_started",
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Cancelled => "cancelled",
        }
    }
}

/// What happened to a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// Start a new cycle.
    Start,
    /// Stop counting until `Resume`.
    Pause,
    /// Count again after a pause.
    Resume,
    /// The awaited event came: the clock is met.
    Stop,
    /// The item was withdrawn: the clock is cancelled.
    Cancel,
}

/// Errors of the clock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClockError {
    /// The event is not allowed in the clock's state.
    #[error("{event:?} is not allowed while the clock is {}", state.as_str())]
    InvalidTransition {
        /// The state of the clock.
        state: ClockState,
        /// The refused event.
        event: ClockEvent,
    },
    /// Events must come in time order.
    #[error("events must be in time order; this one is earlier than the one before")]
    OutOfOrder,
    /// A business calendar lacks data.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// A fired escalation level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// Stable id: `"{timer}:{cycle}:{level}"`.
    pub id: String,
    /// The cycle (1-based) it fired in.
    pub cycle: u32,
    /// The level (0-based index into the clock's levels).
    pub level: usize,
    /// When it became due.
    pub due_at: Instant,
}

/// The answer of [`Clock::evaluate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The clock's state at `now`.
    pub state: ClockState,
    /// The current cycle (0 before the first start).
    pub cycle: u32,
    /// Whether a level fired in the current cycle.
    pub breached: bool,
    /// Every level due at or before `now`, all cycles, by `due_at` then id.
    pub due: Vec<Due>,
    /// The next deadline after `now`, if the clock is running and a level is left.
    pub next_deadline: Option<Instant>,
}

/// An SLA clock rebuilt by applying its events in time order.
#[derive(Debug, Clone)]
pub struct Clock<'a> {
    timer: String,
    measure: Measure<'a>,
    /// Level thresholds, with their original index, sorted by threshold.
    levels: Vec<(usize, i64)>,
    state: ClockState,
    cycle: u32,
    /// Measured seconds of closed running segments in the current cycle.
    elapsed: i64,
    running_since: Option<Instant>,
    last_event: Option<Instant>,
    fired_in_cycle: Vec<bool>,
    fired: Vec<Due>,
}

impl<'a> Clock<'a> {
    /// A clock named `timer` with escalation `levels` (thresholds after the cycle start).
    pub fn new(timer: impl Into<String>, measure: Measure<'a>, levels: &[Duration]) -> Self {
        let mut sorted: Vec<(usize, i64)> = levels
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.seconds()))
            .collect();
        sorted.sort_by_key(|&(i, s)| (s, i));
        Clock {
            timer: timer.into(),
            measure,
            fired_in_cycle: vec![false; sorted.len()],
            levels: sorted,
            state: ClockState::NotStarted,
            cycle: 0,
            elapsed: 0,
            running_since: None,
            last_event: None,
            fired: Vec::new(),
        }
    }

    /// The state after the events applied so far.
    pub fn state(&self) -> ClockState {
        self.state
    }

    /// The current cycle (0 before the first start).
    pub fn cycle(&self) -> u32 {
        self.cycle
    }

    /// Levels fired so far (by events applied), all cycles.
    pub fn fired(&self) -> &[Due] {
        &self.fired
    }

    /// The deadlines of the current cycle's levels not yet fired, in order; stops after the
    /// first deadline later than `horizon` so no calendar data beyond it is needed.
    fn pending(&self, horizon: Instant) -> Result<Vec<(usize, Instant)>, CalendarError> {
        let mut out = Vec::new();
        let Some(since) = self.running_since else {
            return Ok(out);
        };
        if self.state != ClockState::Running {
            return Ok(out);
        }
        for (slot, &(_, threshold)) in self.levels.iter().enumerate() {
            if self.fired_in_cycle.get(slot).copied().unwrap_or(true) {
                continue;
            }
            let at = self
                .measure
                .add(since, threshold.saturating_sub(self.elapsed))?;
            out.push((slot, at));
            if at > horizon {
                break;
            }
        }
        Ok(out)
    }

    /// Fire every pending level with a deadline before `t` (or at `t` when `inclusive`).
    /// Walks the levels as [`Clock::pending`] lists them, without collecting them.
    fn settle(&mut self, t: Instant, inclusive: bool) -> Result<(), CalendarError> {
        let Some(since) = self.running_since else {
            return Ok(());
        };
        if self.state != ClockState::Running {
            return Ok(());
        }
        for slot in 0..self.levels.len() {
            if self.fired_in_cycle.get(slot).copied().unwrap_or(true) {
                continue;
            }
            let Some(&(_, threshold)) = self.levels.get(slot) else {
                continue;
            };
            let at = self
                .measure
                .add(since, threshold.saturating_sub(self.elapsed))?;
            if at < t || (inclusive && at == t) {
                self.fire(slot, at);
            }
            if at > t {
                break;
            }
        }
        Ok(())
    }

    /// `"{timer}:{cycle}:{level + 1}"`, written without the formatting machinery.
    fn level_id(&self, level: usize) -> String {
        let mut id = String::with_capacity(self.timer.len() + 16);
        id.push_str(&self.timer);
        id.push(':');
        super::push_decimal(&mut id, u64::from(self.cycle));
        id.push(':');
        super::push_decimal(&mut id, (level as u64).saturating_add(1));
        id
    }

    fn fire(&mut self, slot: usize, at: Instant) {
        if let (Some(flag), Some(&(level, _))) =
            (self.fired_in_cycle.get_mut(slot), self.levels.get(slot))
        {
            *flag = true;
            self.fired.push(Due {
                id: self.level_id(level),
                cycle: self.cycle,
                level,
                due_at: at,
            });
        }
    }

    /// The earliest deadline of a level not yet fired, whenever it is.
    pub fn next_pending(&self) -> Result<Option<Instant>, CalendarError> {
        let Some(since) = self.running_since else {
            return Ok(None);
        };
        if self.state != ClockState::Running {
            return Ok(None);
        }
        for (slot, &(_, threshold)) in self.levels.iter().enumerate() {
            if self.fired_in_cycle.get(slot).copied().unwrap_or(true) {
                continue;
            }
            let at = self
                .measure
                .add(since, threshold.saturating_sub(self.elapsed))?;
            return Ok(Some(at));
        }
        Ok(None)
    }

    /// Apply one event at `at`; events must come in time order.
    pub fn apply(&mut self, event: ClockEvent, at: Instant) -> Result<(), ClockError> {
        if self.last_event.is_some_and(|last| at < last) {
            return Err(ClockError::OutOfOrder);
        }
        use ClockState::*;
        let refuse = |state| Err(ClockError::InvalidTransition { state, event });
        match (event, self.state) {
            (ClockEvent::Start, _) => {
                // The old cycle is over: anything due by now fired.
                self.settle(at, true)?;
                self.cycle += 1;
                self.elapsed = 0;
                self.fired_in_cycle.iter_mut().for_each(|f| *f = false);
                self.running_since = Some(at);
                self.state = Running;
            }
            (ClockEvent::Pause, Running) => {
                self.close_segment(at)?;
                self.state = Paused;
            }
            (ClockEvent::Resume, Paused) => {
                self.running_since = Some(at);
                self.state = Running;
            }
            (ClockEvent::Stop | ClockEvent::Cancel, Running | Paused) => {
                if self.state == Running {
                    self.close_segment(at)?;
                }
                self.state = if event == ClockEvent::Stop {
                    Met
                } else {
                    Cancelled
                };
            }
            (_, state) => return refuse(state),
        }
        self.last_event = Some(at);
        Ok(())
    }

    fn close_segment(&mut self, at: Instant) -> Result<(), CalendarError> {
        self.settle(at, false)?;
        if let Some(since) = self.running_since.take() {
            self.elapsed = self
                .elapsed
                .saturating_add(self.measure.between(since, at)?);
        }
        Ok(())
    }

    /// Evaluate at `now` (not before the last applied event): due levels and next deadline.
    pub fn evaluate(&self, now: Instant) -> Result<Evaluation, CalendarError> {
        self.evaluate_with(now, self.fired.clone())
    }

    /// [`Clock::evaluate`], consuming the clock (its fired levels move into the answer).
    pub fn into_evaluation(mut self, now: Instant) -> Result<Evaluation, CalendarError> {
        let fired = std::mem::take(&mut self.fired);
        self.evaluate_with(now, fired)
    }

    fn evaluate_with(&self, now: Instant, mut due: Vec<Due>) -> Result<Evaluation, CalendarError> {
        let mut breached = self.fired_in_cycle.iter().any(|f| *f);
        let mut next_deadline = None;
        for (slot, at) in self.pending(now)? {
            if at <= now {
                if let Some(&(level, _)) = self.levels.get(slot) {
                    due.push(Due {
                        id: self.level_id(level),
                        cycle: self.cycle,
                        level,
                        due_at: at,
                    });
                    breached = true;
                }
            } else {
                next_deadline = Some(at);
                break;
            }
        }
        if due.len() > 1 {
            due.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.id.cmp(&b.id)));
        }
        Ok(Evaluation {
            state: self.state,
            cycle: self.cycle,
            breached,
            due,
            next_deadline,
        })
    }
}

/// Replay a whole event log and evaluate at `now`; events after `now` are not known yet and
/// are skipped. Equal to applying the events one by one and evaluating at the end.
pub fn evaluate(
    timer: &str,
    measure: Measure<'_>,
    levels: &[Duration],
    events: &[(ClockEvent, Instant)],
    now: Instant,
) -> Result<Evaluation, ClockError> {
    let mut clock = Clock::new(timer, measure, levels);
    for &(event, at) in events.iter().filter(|(_, at)| *at <= now) {
        clock.apply(event, at)?;
    }
    Ok(clock.evaluate(now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Instant {
        s.parse().unwrap()
    }

    #[test]
    fn paused_time_does_not_count() {
        let levels = [Duration::from_hours(2)];
        let events = [
            (ClockEvent::Start, t("2026-03-02T09:00:00+08:00")),
            (ClockEvent::Pause, t("2026-03-02T10:00:00+08:00")),
            (ClockEvent::Resume, t("2026-03-02T15:00:00+08:00")),
        ];
        let e = evaluate(
            "W",
            Measure::WallClock,
            &levels,
            &events,
            t("2026-03-02T15:30:00+08:00"),
        )
        .unwrap();
        assert_eq!(e.state, ClockState::Running);
        assert!(e.due.is_empty());
        assert_eq!(
            e.next_deadline.unwrap().to_string(),
            "2026-03-02T16:00:00+08:00"
        );
    }

    #[test]
    fn restart_begins_a_new_cycle_without_instant_escalation() {
        let levels = [Duration::from_hours(1)];
        let events = [
            (ClockEvent::Start, t("2026-03-02T09:00:00Z")),
            (ClockEvent::Stop, t("2026-03-02T09:30:00Z")),
            (ClockEvent::Start, t("2026-03-03T09:00:00Z")),
        ];
        let e = evaluate(
            "W",
            Measure::WallClock,
            &levels,
            &events,
            t("2026-03-03T09:10:00Z"),
        )
        .unwrap();
        assert_eq!(e.cycle, 2);
        assert!(e.due.is_empty());
    }

    #[test]
    fn an_answer_exactly_at_the_deadline_is_on_time() {
        let levels = [Duration::from_hours(2)];
        let events = [
            (ClockEvent::Start, t("2026-03-02T09:00:00Z")),
            (ClockEvent::Stop, t("2026-03-02T11:00:00Z")),
        ];
        let now = t("2026-03-02T11:00:00Z");
        let e = evaluate("W", Measure::WallClock, &levels, &events, now).unwrap();
        assert_eq!(e.state, ClockState::Met);
        assert!(e.due.is_empty());
    }

    #[test]
    fn resume_without_pause_is_refused() {
        let mut c = Clock::new("W", Measure::WallClock, &[Duration::from_hours(1)]);
        let err = c
            .apply(ClockEvent::Resume, t("2026-03-02T09:00:00Z"))
            .unwrap_err();
        assert!(matches!(err, ClockError::InvalidTransition { .. }));
    }
}
