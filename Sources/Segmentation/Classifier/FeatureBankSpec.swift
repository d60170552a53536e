/// The text form of a ``FeatureBank``: what users type (`features: "gaussian,hessian"`)
/// and what model files store.
///
/// Grammar (spaces are ignored, names are case-insensitive):
///
///     spec   = "default" | "all" | group { ";" group }
///     group  = kind { "," kind } [ "@" sigma { "," sigma } ]
///     kind   = gaussian | laplacian | log | gradient | dog | structure | hessian
///              (or a PixelFeature case name such as hessianEigenvalues)
///     sigma  = a decimal number > 0, e.g. 1, 0.7, 3.5
///
/// A group selects each of its kinds at each of its scales, or at the standard scales
/// (``FeatureBank/standardSigmas``) when it has no `@`. Scales below 0.5 apply to
/// `gaussian` only and are skipped for the other kinds of the group. A kind named in
/// several groups gets the union of their scales. `default` and `all` are the same: every
/// kind at the standard scales.

extension FeatureBank: CustomStringConvertible {
    /// Reads a feature spec (grammar above).
    ///
    /// - Parameter spec: e.g. `"default"`, `"gaussian,hessian"`,
    ///   `"gaussian@1,3.5;gradient@1.6"`.
    /// - Returns: the bank; `parse(bank.description) == bank` for every bank.
    /// - Throws: `PixelEngineError("features", …)` naming the bad token: an unknown kind
    ///   (the message lists the valid names), a bad number, σ ≤ 0 or too large, an empty spec.
    ///
    /// ```swift
    /// let bank = try FeatureBank.parse("gaussian@0.3,1;hessian,structure@1.6,5")
    /// ```
    public static func parse(_ spec: String) throws(PixelEngineError) -> FeatureBank {
        let text = String(spec.filter { !$0.isWhitespace })
        let keyword = text.lowercased()
        if keyword == "default" || keyword == "all" { return .default }
        var selection: [PixelFeature: [Double]] = [:]
        for group in text.split(separator: ";", omittingEmptySubsequences: true) {
            let parts = group.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let kinds = try parts[0].split(separator: ",", omittingEmptySubsequences: false).map {
                (token) throws(PixelEngineError) -> PixelFeature in
                if token.isEmpty {
                    throw PixelEngineError("features", "missing feature name in '\(group)'; valid names: \(PixelFeature.validNames)")
                }
                guard let kind = PixelFeature(name: String(token)) else {
                    let hint = ["default", "all"].contains(token.lowercased()) ? " ('\(token)' must be the whole spec)" : ""
                    throw PixelEngineError("features", "unknown feature '\(token)'\(hint); valid names: \(PixelFeature.validNames)")
                }
                return kind
            }
            var sigmas = standardSigmas
            if parts.count == 2 {
                sigmas = try parts[1].split(separator: ",", omittingEmptySubsequences: false).map {
                    (token) throws(PixelEngineError) -> Double in
                    guard let sigma = Double(token) else {
                        let hint = PixelFeature(name: String(token)) != nil ? "; separate groups with ';', e.g. gaussian@1;hessian" : ""
                        throw PixelEngineError("features", "'\(token)' in '\(group)' is not a sigma (a number such as 1.6)\(hint)")
                    }
                    try validate(sigma: sigma)
                    return sigma
                }
            }
            for kind in kinds {
                let accepted = sigmas.filter(kind.accepts(sigma:))
                // Kinds of a multi-kind group skip scales they do not accept, as the
                // standard scales do; a kind left with none is refused below.
                selection[kind, default: []] += accepted.isEmpty ? sigmas : accepted
            }
        }
        if selection.isEmpty {
            throw PixelEngineError("features", "the feature spec is empty; use 'default' or a list such as 'gaussian,hessian@1,3.5'")
        }
        return try FeatureBank(selection: selection)
    }

    /// The canonical spec of this bank: `"default"` for ``FeatureBank/default``, else groups
    /// of kinds sharing the same scales, in ``PixelFeature/allCases`` order, with the `@`
    /// list left out for the standard scales. `parse(description)` gives back this bank.
    ///
    /// ```swift
    /// try FeatureBank.parse("hessian@3.5,1; gaussian").description   // "gaussian;hessian@1,3.5"
    /// ```
    public var description: String {
        if self == .default { return "default" }
        var groups: [(sigmas: [Double]?, kinds: [PixelFeature])] = []
        for kind in features {
            let mine = sigmas(for: kind)
            let key: [Double]? = mine == Self.standardSigmas.filter(kind.accepts(sigma:)) ? nil : mine
            if let index = groups.firstIndex(where: { $0.sigmas == key }) {
                groups[index].kinds.append(kind)
            } else {
                groups.append((key, [kind]))
            }
        }
        return groups.map { group in
            let names = group.kinds.map(\.token).joined(separator: ",")
            guard let sigmas = group.sigmas else { return names }
            return names + "@" + sigmas.map(formatSigma).joined(separator: ",")
        }.joined(separator: ";")
    }
}
