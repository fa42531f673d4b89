import sys

from benchlib.run import main

sys.exit(main())
