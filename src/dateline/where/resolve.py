def resolve(*a, **k):
    return []
