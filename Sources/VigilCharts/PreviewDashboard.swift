import VigilCore

/// A dashboard as the preview draws it: a name, a time window and widgets on CloudWatch's 24-column grid.
///
/// Plain values only, so the stack model can build one without VigilCharts knowing about the model.
public struct PreviewDashboard: Equatable, Sendable {
  public var name: String
  /// The time range the charts show; nil uses the range of the data.
  public var window: ClosedRange<EpochMillis>?
  public var widgets: [PreviewWidget]

  public init(name: String, window: ClosedRange<EpochMillis>? = nil, widgets: [PreviewWidget]) {
    self.name = name
    self.window = window
    self.widgets = widgets
  }

  /// The widgets in reading order: top to bottom, then left to right.
  public var widgetsInReadingOrder: [PreviewWidget] {
    widgets.enumerated().sorted { a, b in
      (a.element.y, a.element.x, a.offset) < (b.element.y, b.element.x, b.offset)
    }.map(\.element)
  }

  /// The window to draw: the given one, or the span of every series and timeline, or nil when there is no data.
  public var effectiveWindow: ClosedRange<EpochMillis>? {
    if let window { return window }
    var low = EpochMillis.max
    var high = EpochMillis.min
    for widget in widgets {
      switch widget.kind {
      case .metric(let chart):
        for series in chart.series {
          for point in series.points {
            low = min(low, point.time)
            high = max(high, point.time)
          }
        }
      case .alarmStatus(let timelines):
        for timeline in timelines {
          for change in timeline.changes {
            low = min(low, change.time)
            high = max(high, change.time)
          }
        }
      case .text, .logTable: break
      }
    }
    return low < high ? low...high : nil
  }
}

/// One widget of a ``PreviewDashboard``, placed on the 24-column grid like a CloudWatch dashboard widget.
///
/// See https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
public struct PreviewWidget: Equatable, Sendable {
  /// What the widget shows.
  public enum Kind: Equatable, Sendable {
    /// A line chart of metric series.
    case metric(MetricChart)
    /// The state of each alarm and its timeline.
    case alarmStatus([AlarmTimeline])
    /// Markdown text, drawn plainly.
    case text(String)
    /// Rows of a Logs Insights query result.
    case logTable(LogTable)
  }

  public var title: String
  /// Column, 0...23.
  public var x: Int
  /// Row, 0 or more.
  public var y: Int
  /// Width in columns, 1...24.
  public var width: Int
  /// Height in grid rows, 1 or more.
  public var height: Int
  public var kind: Kind

  public init(title: String, x: Int, y: Int, width: Int, height: Int, kind: Kind) {
    self.title = title
    self.x = x
    self.y = y
    self.width = width
    self.height = height
    self.kind = kind
  }
}

/// The content of a metric widget: series, threshold lines and the spans when alarms were in ALARM.
public struct MetricChart: Equatable, Sendable {
  public var series: [ChartSeries]
  public var thresholds: [ThresholdLine]
  public var alarmSpans: [AlarmSpan]
  /// Lower end of the y axis; nil starts at zero when no value is negative, so a spike reads against its baseline.
  public var yMin: Double?
  /// Upper end of the y axis; nil fits the data and thresholds.
  public var yMax: Double?

  public init(
    series: [ChartSeries], thresholds: [ThresholdLine] = [], alarmSpans: [AlarmSpan] = [], yMin: Double? = nil,
    yMax: Double? = nil
  ) {
    self.series = series
    self.thresholds = thresholds
    self.alarmSpans = alarmSpans
    self.yMin = yMin
    self.yMax = yMax
  }

  /// The unit shared by the series, if they name one.
  var unit: String? { series.lazy.compactMap(\.unit).first }
}

/// A table of log query results.
public struct LogTable: Equatable, Sendable {
  public var columns: [String]
  /// Rows of cells; a short row is padded with empty cells.
  public var rows: [[String]]

  public init(columns: [String], rows: [[String]]) {
    self.columns = columns
    self.rows = rows
  }
}
