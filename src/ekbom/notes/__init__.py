"""Clinical-note analysis (extra `ekbom[nlp]`): mentions of factors, drugs and lab values."""
