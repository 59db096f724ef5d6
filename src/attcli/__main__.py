from attcli.entry import main

main()
