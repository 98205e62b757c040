// The migrations are compiled in (`sqlx::migrate!`): a file added to either folder builds the
// crate again, as a changed one does.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
