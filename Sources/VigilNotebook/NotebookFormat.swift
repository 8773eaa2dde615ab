/// The notebook format and the `vigil test` rules in one place, for `--help` and the docs.
public enum NotebookFormat {
  /// The text `vigil test --help` shows as its discussion.
  public static let helpText = """
    A notebook is a Markdown file. Each ```vigil block is a cell; the ```output block right after it
    (only blank lines between) is the output recorded for it. Prose is never changed. Cells run in
    file order in a fresh session per notebook. A cell tagged ```vigil expect-error must be rejected,
    and its error message is its recorded output. A .vigil session file is one cell that checks
    itself with expect lines.

    Before comparing and recording, the actual output is normalised by these rules, in order:
      timestamps           a date-time within a day of the run becomes <now>
      paths                the notebook directory, working directory, temporary directory and
                           home directory become <dir>, <cwd>, <tmp>, <home>
      durations            an elapsed time after `in` or `took` (in 12.3 ms) becomes <duration>
      trailing-whitespace  spaces and tabs at line ends are removed
    The recorded output is compared as written: it contains no wildcards.

    --update records the actual outputs in place (inserting missing output blocks) and leaves every
    other byte as it was. It does not write a notebook with an invalid cell.
    --filter X checks the cells whose notebook path or heading contains X (any case), or the cell at
    PATH:LINE; earlier cells of the notebook still run, unchecked, to build the session.
    --junit FILE writes JUnit XML: a testsuite per notebook, a testcase per checked cell.

    The last line counts cells: "N passed, N failed", then any invalid, not run and updated.
    Exit codes: 0 all passed, 1 an output differed or an expect line failed, 2 a notebook or cell
    is invalid (or a path is missing).
    """
}
