import argparse
import logging
from concurrent import futures

import grpc

logging.basicConfig(level=logging.INFO)


def serve():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="50051")
    server = grpc.server(futures.ThreadPoolExecutor())
    server.add_insecure_port("[::]:" + parser.parse_args().port)
    print("serving")
    server.start()
