/// "Did you mean" suggestions by edit distance.
///
///     Suggestions.nearest("otsuu", among: ["otsu", "li", "blur"])  // "otsu"
public enum Suggestions {
    /// The Damerau–Levenshtein distance (optimal string alignment: insertions, deletions,
    /// substitutions and transpositions of adjacent characters each cost 1).
    ///
    ///     Suggestions.distance("sigma", "sigam")  // 1
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        let width = t.count + 1
        var d = [Int](repeating: 0, count: (s.count + 1) * width)
        for i in 0...s.count { d[i * width] = i }
        for j in 0...t.count { d[j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, d[(i - 2) * width + j - 2] + 1)
                }
                d[i * width + j] = best
            }
        }
        return d[s.count * width + t.count]
    }

    /// The candidate nearest to `name`, if it is close enough to be a plausible typo:
    /// at most one edit for names up to 4 characters, a third of the length beyond.
    /// A case-only difference always qualifies. Ties go to the earliest candidate.
    ///
    ///     Suggestions.nearest("sigm", among: ["sigma", "mode"])  // "sigma"
    public static func nearest(_ name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            if candidate.lowercased() == name.lowercased() { return candidate }
            guard abs(candidate.count - name.count) <= limit else { continue }
            let d = distance(name, candidate)
            if d <= limit, d < max(name.count, candidate.count), d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }
}
