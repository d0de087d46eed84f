"""``python -m onlyoffice_crm_cli``: the same as ``onlyoffice-crm``."""

from onlyoffice_crm_cli.launcher import main

if __name__ == "__main__":
    main()
