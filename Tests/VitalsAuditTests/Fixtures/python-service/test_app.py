def test_orders():
    print("tests may print")

def test_metrics():
    # Tests build metrics with any label they like.
    REQUESTS.labels(user_id="u1").inc()
