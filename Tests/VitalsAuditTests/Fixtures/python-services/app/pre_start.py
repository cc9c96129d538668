import logging

logging.basicConfig(level=logging.INFO)


def main():
    print("database is up")


if __name__ == "__main__":
    main()
