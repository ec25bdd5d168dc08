//! Frame timing for the GUI tests: the CPU time of `step()`, shared by tests/gui.rs and
//! tests/gui_scale.rs.

use std::time::Instant;

use duibi::app::DuibiApp;
use egui_kittest::Harness;

/// Steps 30 frames with nothing changing and prints the median and p90 step time, and the CPU
/// time this thread used per step (wall time swings with the machine's load; CPU time less so).
pub fn print_frame_times(h: &mut Harness<'_, DuibiApp>, what: &str) -> f64 {
    let cpu_before = thread_cpu_ns();
    let mut times: Vec<f64> = (0..30)
        .map(|_| {
            let t = Instant::now();
            h.step();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let cpu = thread_cpu_ns()
        .zip(cpu_before)
        .map_or(f64::NAN, |(after, before)| {
            (after - before) as f64 / 30.0 / 1e6
        });
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: median {:.2} ms, p90 {:.2} ms, cpu {cpu:.2} ms/frame",
        times[15], times[27]
    );
    cpu
}

/// Nanoseconds this thread has run on a CPU (Linux schedstat; None elsewhere).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
