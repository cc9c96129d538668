import sys
import urllib.request

print(urllib.request.urlopen("http://127.0.0.1:8000/health/live").status)
sys.exit(0)
