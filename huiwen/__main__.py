import sys

from huiwen.cli import main

sys.exit(main())
