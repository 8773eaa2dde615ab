import VigilAlarms
import VigilCore
import VigilInsights
import VigilLogs
import VigilModel

/// Connects the engines' parsers to the command language, so a bad filter pattern, composite rule
/// or Insights query is rejected when the command is typed, with a caret inside the embedded text.
enum EngineValidators {
  static func make() -> EmbeddedLanguageValidators {
    EmbeddedLanguageValidators(
      filterPattern: { text in
        do throws(Diagnostic) {
          _ = try FilterPattern(text)
          return nil
        } catch { return error }
      },
      alarmRule: { text in
        do throws(Diagnostic) {
          _ = try AlarmRule.parse(text)
          return nil
        } catch { return error }
      },
      insightsQuery: { text in
        do throws(Diagnostic) {
          _ = try QueryParser.parse(text)
          return nil
        } catch { return error }
      },
      metricMath: { text in
        do throws(Diagnostic) {
          _ = try MetricMathExpression.parse(text)
          return nil
        } catch { return error }
      })
  }
}
