"""The supervisors' statistics window (统计报表): figures, charts, cases behind each number, exports."""
