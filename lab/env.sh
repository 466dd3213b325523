# Names and addresses of the packetry lab (sourced by up.sh and down.sh; mirrored in lab/README.md).
# Only 10.x and fdxx: addresses, only inside these namespaces: nothing here reaches the host's network.
LAB_SERVER_NS=pkt-server
LAB_CLIENT_NS=pkt-client
LAB_STATE=/run/packetry-lab
LAB_ZONE=lab.test
LAB_SERVER_V4=10.77.0.1
LAB_CLIENT_V4=10.77.0.2
LAB_SERVER_V6=fd77::1
LAB_CLIENT_V6=fd77::2
