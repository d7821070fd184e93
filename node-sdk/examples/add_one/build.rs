fn main() {
    floe_node_sdk::build::small_stack();
}
