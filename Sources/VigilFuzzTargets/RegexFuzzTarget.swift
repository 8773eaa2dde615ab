import VigilRegex

/// Regular expressions (RE2 syntax, as Logs Insights' `like`, `=~`, `parse` and `regexReplace` use them, and the
/// engine under filter-pattern `%…%`): the first line is the expression; each later line is a subject.
///
/// Two answers are checked against each other on every subject: the yes/no search (literal prefilter and DFA)
/// and the submatch search (Pike VM) must agree, and every group range must lie inside the subject.
public enum RegexFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    let (pattern, body) = FuzzInput.headAndBody(data)
    guard let regex = try? LinearRegex(insights: pattern) else { return }
    for line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
      Array(line).withUnsafeBufferPointer { subject in
        let found = regex.matches(subject)
        let groups = regex.firstMatch(in: subject)
        if found != (groups != nil) {
          fatalError("LinearRegex /\(pattern)/ on \(Array(subject)): matches says \(found), firstMatch says \(String(describing: groups))")
        }
        guard let groups else { return }
        if groups.count != regex.groupNames.count || groups[0] == nil
          || groups.contains(where: { $0.map { $0.lowerBound < 0 || $0.upperBound > subject.count } ?? false })
        {
          fatalError("LinearRegex /\(pattern)/ on \(Array(subject)): bad groups \(groups)")
        }
      }
    }
  }
}
