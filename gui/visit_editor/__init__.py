"""The visit editor: the window and its flow, the questions (choices, numbers, tables, notes),
keys and navigation, findings, measures, the results panel, doubts, the header and experts,
and the list of a firm's visits."""
