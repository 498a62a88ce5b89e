import sys

from taso._cli import main

sys.exit(main())
