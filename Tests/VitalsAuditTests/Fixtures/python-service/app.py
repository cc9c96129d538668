import logging
from flask import Flask
from prometheus_client import Counter

logging.basicConfig(level=logging.INFO)
app = Flask(__name__)
REQUESTS = Counter("requests_total", "Requests", ["route"])
LOGINS = Counter("logins_total", "Logins", labelnames=["user_id"])


@app.route("/orders")
def orders():
    print("debug orders")
    # print("commented")
    logging.info("token=%s", request.headers["Authorization"])
    text = "print(this) is fine"
    doc = """print("in a docstring")"""
    return "ok"
