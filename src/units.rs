//! Units in types. Travel costs are integers (milliseconds, centimetres) so that sums and
//! comparisons are exact and deterministic; conversion from floating point happens once, when
//! the road graph is built.

/// A travel duration in whole milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Millis(pub u32);

/// A distance in whole centimetres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Centimetres(pub u32);

/// The cost of a path: duration first, distance as tie-breaker, packed in one `u64` as
/// `duration_ms << 32 | distance_cm`. Integer order on the packed value is the lexicographic
/// order on (duration, distance), and adding two packed costs adds both parts, as long as the
/// summed distance stays below 2³² cm (42 949 km) — far beyond any municipality. Shortest
/// paths on this weight are the fastest paths, and among equally fast ones the shortest, so
/// every algorithm (CH, Dijkstra) agrees on the same tie-break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cost(pub u64);

impl Cost {
    /// An unreachable cost; larger than any real path.
    pub const INF: Cost = Cost(u64::MAX);

    /// Packs a duration and a distance.
    pub fn new(duration: Millis, distance: Centimetres) -> Self {
        Cost((u64::from(duration.0) << 32) | u64::from(distance.0))
    }

    /// The duration part.
    pub fn duration(self) -> Millis {
        Millis((self.0 >> 32) as u32)
    }

    /// The distance part.
    pub fn distance(self) -> Centimetres {
        Centimetres((self.0 & 0xFFFF_FFFF) as u32)
    }

    /// Duration in seconds.
    pub fn seconds(self) -> f64 {
        f64::from(self.duration().0) / 1000.0
    }

    /// Distance in metres.
    pub fn metres(self) -> f64 {
        f64::from(self.distance().0) / 100.0
    }

    /// Sum of two costs; [`Cost::INF`] if either is infinite or the sum overflows.
    pub fn saturating_add(self, other: Cost) -> Cost {
        if self == Cost::INF || other == Cost::INF {
            return Cost::INF;
        }
        let (d, overflow_d) = self.duration().0.overflowing_add(other.duration().0);
        let (l, overflow_l) = self.distance().0.overflowing_add(other.distance().0);
        if overflow_d || overflow_l {
            Cost::INF
        } else {
            Cost::new(Millis(d), Centimetres(l))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_is_lexicographic_and_additive() {
        let a = Cost::new(Millis(1000), Centimetres(5));
        let b = Cost::new(Millis(999), Centimetres(4_000_000));
        assert!(b < a, "shorter duration wins whatever the distance");
        let c = Cost::new(Millis(1000), Centimetres(6));
        assert!(a < c, "equal duration: shorter distance wins");
        let s = a.saturating_add(b);
        assert_eq!(s.duration(), Millis(1999));
        assert_eq!(s.distance(), Centimetres(4_000_005));
        assert_eq!(s.0, a.0 + b.0);
        assert_eq!(a.saturating_add(Cost::INF), Cost::INF);
        assert_eq!(
            Cost::new(Millis(u32::MAX), Centimetres(0))
                .saturating_add(Cost::new(Millis(1), Centimetres(0))),
            Cost::INF
        );
    }
}
