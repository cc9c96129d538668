def test_orders():
    print("tests may print")
